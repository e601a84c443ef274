namespace HomeTelco.Sip.Transport;

/// <summary>The RFC 5626 §3.5.1 CRLF keep-alive: a client pings with CRLFCRLF, the server pongs with one CRLF.</summary>
internal static class SipKeepAliveBytes
{
    /// <summary>Shared, never written to, never returned to a pool.</summary>
    public static readonly byte[] Pong = "\r\n"u8.ToArray();

    /// <summary>What the box sends to keep a NAT binding of a UDP flow open (phones ignore CRLFs outside messages, RFC 3261 §7.5).</summary>
    public static readonly byte[] Ping = "\r\n\r\n"u8.ToArray();

    /// <summary>True for a non-empty datagram or WebSocket message of nothing but CR and LF bytes.</summary>
    public static bool IsOnlyLineBreaks(ReadOnlySpan<byte> bytes) => !bytes.IsEmpty && bytes.IndexOfAnyExcept((byte)'\r', (byte)'\n') < 0;

    /// <summary>True when such a message holds a ping (CRLFCRLF) rather than a lone pong.</summary>
    public static bool IsPing(ReadOnlySpan<byte> bytes) => bytes.IndexOf("\r\n\r\n"u8) >= 0;
}
