namespace HomeTelco.Torrent.Peers.Encryption;

/// <summary>Message stream encryption policy (the "prefer / allow / require" of every mainstream client).</summary>
internal enum EncryptionMode
{
    /// <summary>Plaintext out; inbound MSE accepted.</summary>
    Allow,

    /// <summary>MSE out offering RC4 and plaintext, selecting RC4 when offered; inbound plaintext accepted.</summary>
    Prefer,

    /// <summary>MSE with RC4 only, both ways; plaintext peers are refused.</summary>
    Require,
}
