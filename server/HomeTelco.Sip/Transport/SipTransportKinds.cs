namespace HomeTelco.Sip.Transport;

/// <summary>How each <see cref="SipTransportKind"/> is spelled on the wire and what it implies.</summary>
internal static class SipTransportKinds
{
    /// <summary>The Via sent-protocol transport token (RFC 3261 §20.42, RFC 7118 §5.2): UDP, TCP, TLS, WS, WSS.</summary>
    public static string ViaToken(SipTransportKind kind) => kind switch
    {
        SipTransportKind.Udp => "UDP",
        SipTransportKind.Tcp => "TCP",
        SipTransportKind.Tls => "TLS",
        SipTransportKind.Ws => "WS",
        SipTransportKind.Wss => "WSS",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Reads a Via transport token (case-insensitive); false for the ones the box does not speak (SCTP, ...).</summary>
    public static bool TryParseViaToken(string? token, out SipTransportKind kind)
    {
        kind = SipTransportKind.Udp;
        if (token is null)
        {
            return false;
        }

        foreach (var candidate in All)
        {
            if (string.Equals(token, ViaToken(candidate), StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The transport a SIP URI asks for (RFC 3261 §19.1.1 <c>transport=</c>, RFC 7118 §5.1 <c>ws</c>/<c>wss</c>):
    /// a <c>sips:</c> URI over TCP, or with no parameter, means TLS (§26.2.2). No parameter on a <c>sip:</c> URI is UDP
    /// here, as RFC 3263 would choose without NAPTR records.
    /// </summary>
    public static bool TryFromUriParameter(string? transport, bool sips, out SipTransportKind kind)
    {
        if (string.IsNullOrEmpty(transport))
        {
            kind = sips ? SipTransportKind.Tls : SipTransportKind.Udp;
            return true;
        }

        if (!TryParseViaToken(transport, out kind))
        {
            return false;
        }

        if (sips)
        {
            // A sips: URI must be reached over a secure transport all the way.
            kind = kind switch
            {
                SipTransportKind.Tcp or SipTransportKind.Tls => SipTransportKind.Tls,
                SipTransportKind.Ws or SipTransportKind.Wss => SipTransportKind.Wss,
                _ => kind,
            };
            return kind is SipTransportKind.Tls or SipTransportKind.Wss;
        }

        return true;
    }

    /// <summary>Stream transports keep a connection per peer; only UDP is connectionless.</summary>
    public static bool IsStream(SipTransportKind kind) => kind != SipTransportKind.Udp;

    /// <summary>Transports the box can open a connection over; WebSocket peers always connect to the box.</summary>
    public static bool CanConnect(SipTransportKind kind) => kind is SipTransportKind.Tcp or SipTransportKind.Tls;

    /// <summary>Port a sent-by or URI without one means (RFC 3261 §18.2.2, §19.1.2).</summary>
    public static int DefaultPort(SipTransportKind kind) => kind switch
    {
        SipTransportKind.Tls => 5061,
        SipTransportKind.Ws => 80,
        SipTransportKind.Wss => 443,
        _ => 5060,
    };

    private static readonly SipTransportKind[] All = [SipTransportKind.Udp, SipTransportKind.Tcp, SipTransportKind.Tls, SipTransportKind.Ws, SipTransportKind.Wss];
}
