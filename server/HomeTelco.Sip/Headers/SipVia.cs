using System.Globalization;
using HomeTelco.Sip.Syntax;
using HomeTelco.Sip.Uris;

namespace HomeTelco.Sip.Headers;

/// One via-parm (RFC 3261 §20.42, RFC 3581 rport).
internal sealed class SipVia
{
    public SipVia(string protocolName, string protocolVersion, string transport, string host, int? port, IReadOnlyList<SipParameter> parameters)
    {
        ProtocolName = protocolName;
        ProtocolVersion = protocolVersion;
        Transport = transport;
        Host = host;
        Port = port;
        Parameters = parameters;
    }

    public string ProtocolName { get; }

    public string ProtocolVersion { get; }

    /// UDP, TCP, TLS, SCTP, WS, WSS or any other token.
    public string Transport { get; }

    /// sent-by host: name, IPv4 or bracketed IPv6 reference.
    public string Host { get; }

    public int? Port { get; }

    public IReadOnlyList<SipParameter> Parameters { get; }

    public string? Branch => Get("branch");

    public string? Received => Get("received");

    public string? MAddr => Get("maddr");

    public string? Ttl => Get("ttl");

    /// True for a valueless `rport` (a request asking for RFC 3581 symmetric response routing) as well as a filled one.
    public bool HasRPort => SipUri.IndexOf(Parameters, "rport") >= 0;

    /// The filled-in rport value, null when absent, valueless or not a port.
    public int? RPort => int.TryParse(Get("rport"), NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535 ? port : null;

    /// RFC 3261 §8.1.1.7: branches starting with the magic cookie come from RFC 3261 elements and are unique.
    public bool HasRfc3261Branch => Branch?.StartsWith("z9hG4bK", StringComparison.Ordinal) == true;

    public string? Get(string name)
    {
        var index = SipUri.IndexOf(Parameters, name);
        return index < 0 ? null : Parameters[index].Value;
    }
}
