using System.Buffers.Binary;
using System.Security.Cryptography;
using HomeTelco.Torrent.Peers.Connections;

namespace HomeTelco.Torrent.Peers.Encryption;

/// <summary>The outcome of an MSE exchange: the stream to speak BitTorrent over, and whether it is RC4.</summary>
internal sealed record MseResult(Stream Stream, bool Rc4, InfoHash InfoHash);

/// <summary>
/// Message stream encryption (the Vuze/libtorrent "PE" protocol): a DH-768 exchange, then both sides prove
/// they know the info-hash without sending it in the clear, agree on RC4 or plaintext, and continue.
/// Initiator A and responder B; padding is random up to 512 bytes, so each side finds the other's next
/// message by searching a bounded window for a value only the key holder can compute.
/// </summary>
internal static class MseHandshake
{
    private const int VcLength = 8;

    /// <summary>Runs the initiator's side. <paramref name="initialPayload"/> (our BitTorrent handshake) rides encrypted in IA.</summary>
    public static async Task<MseResult> InitiateAsync(Stream stream, InfoHash skey, EncryptionMode mode, ReadOnlyMemory<byte> initialPayload, CancellationToken cancellationToken)
    {
        var x = MseKeys.CreatePrivateKey();
        await SendPublicKeyAsync(stream, x, cancellationToken).ConfigureAwait(false);

        var yb = new byte[MseKeys.KeyLength];
        await stream.ReadExactlyAsync(yb, cancellationToken).ConfigureAwait(false);
        var secret = new byte[MseKeys.KeyLength];
        if (!MseKeys.TrySharedSecret(x, yb, secret))
        {
            throw new PeerHandshakeException("MSE: the peer's public key is degenerate");
        }

        var encrypt = MseKeys.Cipher("keyA"u8, secret, skey);
        var decrypt = MseKeys.Cipher("keyB"u8, secret, skey);
        var provide = mode == EncryptionMode.Require ? MseKeys.CryptoRc4 : MseKeys.CryptoRc4 | MseKeys.CryptoPlaintext;

        // HASH('req1', S), HASH('req2', SKEY) xor HASH('req3', S), ENCRYPT(VC, crypto_provide, len(PadC), PadC, len(IA), IA)
        var message = new byte[20 + 20 + VcLength + 4 + 2 + 2 + initialPayload.Length];
        MseKeys.Hash("req1"u8, secret, default, message.AsSpan(0, 20));
        Obfuscate(skey, secret, message.AsSpan(20, 20));
        var encrypted = message.AsSpan(40);
        BinaryPrimitives.WriteUInt32BigEndian(encrypted[VcLength..], provide);
        BinaryPrimitives.WriteUInt16BigEndian(encrypted[(VcLength + 4)..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(encrypted[(VcLength + 6)..], (ushort)initialPayload.Length);
        initialPayload.Span.CopyTo(encrypted[(VcLength + 8)..]);
        encrypt.Apply(encrypted);
        await stream.WriteAsync(message, cancellationToken).ConfigureAwait(false);

        // B's answer starts after PadB with ENCRYPT(VC): the 8 bytes B's keystream makes of zeros.
        var vc = new byte[VcLength];
        decrypt.Apply(vc);
        await SynchroniseAsync(stream, vc, MseKeys.MaxPadding, "VC", cancellationToken).ConfigureAwait(false);

        var answer = new byte[6];
        await stream.ReadExactlyAsync(answer, cancellationToken).ConfigureAwait(false);
        decrypt.Apply(answer);
        var select = BinaryPrimitives.ReadUInt32BigEndian(answer);
        var padLength = BinaryPrimitives.ReadUInt16BigEndian(answer.AsSpan(4));
        if ((select != MseKeys.CryptoRc4 && select != MseKeys.CryptoPlaintext) || (select & provide) == 0)
        {
            throw new PeerHandshakeException($"MSE: the peer selected crypto {select:x}, we offered {provide:x}");
        }

        if (padLength > MseKeys.MaxPadding)
        {
            throw new PeerHandshakeException($"MSE: PadD of {padLength} bytes");
        }

        var pad = new byte[padLength];
        await stream.ReadExactlyAsync(pad, cancellationToken).ConfigureAwait(false);
        decrypt.Apply(pad);

        var rc4 = select == MseKeys.CryptoRc4;
        return new MseResult(rc4 ? new MseStream(stream, decrypt, encrypt, []) : stream, rc4, skey);
    }

    /// <summary>
    /// Runs the responder's side. <paramref name="firstBytes"/> are bytes of Ya the listener already read while
    /// telling MSE from plaintext; <paramref name="torrents"/> are the info-hashes the peer may be asking for.
    /// </summary>
    public static async Task<MseResult> RespondAsync(Stream stream, ReadOnlyMemory<byte> firstBytes, IReadOnlyCollection<InfoHash> torrents, EncryptionMode mode, CancellationToken cancellationToken)
    {
        var ya = new byte[MseKeys.KeyLength];
        firstBytes.CopyTo(ya);
        await stream.ReadExactlyAsync(ya.AsMemory(firstBytes.Length), cancellationToken).ConfigureAwait(false);
        var y = MseKeys.CreatePrivateKey();
        await SendPublicKeyAsync(stream, y, cancellationToken).ConfigureAwait(false);
        var secret = new byte[MseKeys.KeyLength];
        if (!MseKeys.TrySharedSecret(y, ya, secret))
        {
            throw new PeerHandshakeException("MSE: the peer's public key is degenerate");
        }

        var req1 = new byte[20];
        MseKeys.Hash("req1"u8, secret, default, req1);
        await SynchroniseAsync(stream, req1, MseKeys.MaxPadding, "HASH('req1', S)", cancellationToken).ConfigureAwait(false);

        var obfuscated = new byte[20];
        await stream.ReadExactlyAsync(obfuscated, cancellationToken).ConfigureAwait(false);
        var skey = FindTorrent(obfuscated, secret, torrents)
            ?? throw new PeerHandshakeException("MSE: the peer asked for a torrent we do not have");

        var decrypt = MseKeys.Cipher("keyA"u8, secret, skey);
        var encrypt = MseKeys.Cipher("keyB"u8, secret, skey);
        var head = new byte[VcLength + 4 + 2];
        await stream.ReadExactlyAsync(head, cancellationToken).ConfigureAwait(false);
        decrypt.Apply(head);
        if (head.AsSpan(0, VcLength).ContainsAnyExcept((byte)0))
        {
            throw new PeerHandshakeException("MSE: VC is not zero");
        }

        var provide = BinaryPrimitives.ReadUInt32BigEndian(head.AsSpan(VcLength));
        var padLength = BinaryPrimitives.ReadUInt16BigEndian(head.AsSpan(VcLength + 4));
        if (padLength > MseKeys.MaxPadding)
        {
            throw new PeerHandshakeException($"MSE: PadC of {padLength} bytes");
        }

        var padAndLength = new byte[padLength + 2];
        await stream.ReadExactlyAsync(padAndLength, cancellationToken).ConfigureAwait(false);
        decrypt.Apply(padAndLength);
        var iaLength = BinaryPrimitives.ReadUInt16BigEndian(padAndLength.AsSpan(padLength));
        if (iaLength > MseKeys.MaxPadding)
        {
            throw new PeerHandshakeException($"MSE: initial payload of {iaLength} bytes");
        }

        var ia = new byte[iaLength];
        await stream.ReadExactlyAsync(ia, cancellationToken).ConfigureAwait(false);
        decrypt.Apply(ia);

        var select = Select(provide, mode)
            ?? throw new PeerHandshakeException($"MSE: the peer offers crypto {provide:x}, none acceptable");
        var answer = new byte[VcLength + 4 + 2];
        BinaryPrimitives.WriteUInt32BigEndian(answer.AsSpan(VcLength), select);
        encrypt.Apply(answer);
        await stream.WriteAsync(answer, cancellationToken).ConfigureAwait(false);

        var rc4 = select == MseKeys.CryptoRc4;
        return new MseResult(rc4 ? new MseStream(stream, decrypt, encrypt, ia) : new MseStream(stream, null, null, ia), rc4, skey);
    }

    private static uint? Select(uint provide, EncryptionMode mode)
    {
        var rc4 = (provide & MseKeys.CryptoRc4) != 0;
        var plain = (provide & MseKeys.CryptoPlaintext) != 0;
        return mode switch
        {
            EncryptionMode.Allow when plain => MseKeys.CryptoPlaintext,
            EncryptionMode.Require when !rc4 => null,
            _ when rc4 => MseKeys.CryptoRc4,
            _ when plain => MseKeys.CryptoPlaintext,
            _ => null,
        };
    }

    private static async Task SendPublicKeyAsync(Stream stream, System.Numerics.BigInteger privateKey, CancellationToken cancellationToken)
    {
        // Random padding hides the exchange's length signature from traffic shapers.
        var message = new byte[MseKeys.KeyLength + RandomNumberGenerator.GetInt32(0, MseKeys.MaxPadding + 1)];
        MseKeys.PublicKey(privateKey, message);
        RandomNumberGenerator.Fill(message.AsSpan(MseKeys.KeyLength));
        await stream.WriteAsync(message, cancellationToken).ConfigureAwait(false);
    }

    // Reads until the last bytes read equal the pattern, which may follow at most maxSkip bytes of padding.
    // Reads never go past the earliest place the pattern could end, so no byte after it is consumed.
    private static async Task SynchroniseAsync(Stream stream, byte[] pattern, int maxSkip, string what, CancellationToken cancellationToken)
    {
        var window = new byte[pattern.Length + maxSkip];
        var filled = 0;
        while (filled < window.Length)
        {
            var size = filled < pattern.Length ? pattern.Length - filled : 1;
            var read = await stream.ReadAsync(window.AsMemory(filled, size), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new PeerHandshakeException($"MSE: connection closed before {what}");
            }

            filled += read;
            if (filled >= pattern.Length && window.AsSpan(filled - pattern.Length, pattern.Length).SequenceEqual(pattern))
            {
                return;
            }
        }

        throw new PeerHandshakeException($"MSE: no {what} within {maxSkip} bytes of padding");
    }

    private static void Obfuscate(InfoHash skey, ReadOnlySpan<byte> secret, Span<byte> destination)
    {
        Span<byte> infoHash = stackalloc byte[InfoHash.Length];
        skey.CopyTo(infoHash);
        Span<byte> req3 = stackalloc byte[20];
        MseKeys.Hash("req2"u8, infoHash, default, destination);
        MseKeys.Hash("req3"u8, secret, default, req3);
        for (var i = 0; i < 20; i++)
        {
            destination[i] ^= req3[i];
        }
    }

    private static InfoHash? FindTorrent(ReadOnlySpan<byte> obfuscated, ReadOnlySpan<byte> secret, IReadOnlyCollection<InfoHash> torrents)
    {
        Span<byte> candidate = stackalloc byte[20];
        foreach (var torrent in torrents)
        {
            Obfuscate(torrent, secret, candidate);
            if (candidate.SequenceEqual(obfuscated))
            {
                return torrent;
            }
        }

        return null;
    }
}
