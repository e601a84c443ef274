using System.Buffers;
using System.Text;

namespace HomeTelco.Sip.Messages;

/// Canonical names and compact forms (RFC 3261 §7.3.3, §20; RFC 3265, 3515, 3892, 4028) of the known headers.
internal static class SipHeaderNames
{
    private static readonly Entry[] Entries =
    [
        new(SipHeaderKind.Via, "Via", 'v'),
        new(SipHeaderKind.From, "From", 'f'),
        new(SipHeaderKind.To, "To", 't'),
        new(SipHeaderKind.CallId, "Call-ID", 'i'),
        new(SipHeaderKind.CSeq, "CSeq", null),
        new(SipHeaderKind.Contact, "Contact", 'm'),
        new(SipHeaderKind.MaxForwards, "Max-Forwards", null),
        new(SipHeaderKind.ContentLength, "Content-Length", 'l'),
        new(SipHeaderKind.ContentType, "Content-Type", 'c'),
        new(SipHeaderKind.ContentEncoding, "Content-Encoding", 'e'),
        new(SipHeaderKind.Subject, "Subject", 's'),
        new(SipHeaderKind.Supported, "Supported", 'k'),
        new(SipHeaderKind.Event, "Event", 'o'),
        new(SipHeaderKind.ReferTo, "Refer-To", 'r'),
        new(SipHeaderKind.ReferredBy, "Referred-By", 'b'),
        new(SipHeaderKind.SessionExpires, "Session-Expires", 'x'),
        new(SipHeaderKind.AllowEvents, "Allow-Events", 'u'),
        new(SipHeaderKind.Route, "Route", null),
        new(SipHeaderKind.RecordRoute, "Record-Route", null),
        new(SipHeaderKind.Expires, "Expires", null),
        new(SipHeaderKind.MinExpires, "Min-Expires", null),
        new(SipHeaderKind.Authorization, "Authorization", null),
        new(SipHeaderKind.WwwAuthenticate, "WWW-Authenticate", null),
        new(SipHeaderKind.ProxyAuthenticate, "Proxy-Authenticate", null),
        new(SipHeaderKind.ProxyAuthorization, "Proxy-Authorization", null),
        new(SipHeaderKind.Require, "Require", null),
        new(SipHeaderKind.ProxyRequire, "Proxy-Require", null),
        new(SipHeaderKind.Unsupported, "Unsupported", null),
        new(SipHeaderKind.Allow, "Allow", null),
        new(SipHeaderKind.Accept, "Accept", null),
        new(SipHeaderKind.Date, "Date", null),
        new(SipHeaderKind.Timestamp, "Timestamp", null),
        new(SipHeaderKind.UserAgent, "User-Agent", null),
        new(SipHeaderKind.Server, "Server", null),
    ];

    // Indexed by kind so canonical-name lookups are O(1).
    private static readonly string[] Canonical = BuildCanonical();

    private static readonly SipHeaderKind[] Compact = BuildCompact();

    /// Resolves a header name as received (any case, compact form or not) to its kind.
    public static SipHeaderKind Resolve(ReadOnlySpan<byte> name)
    {
        if (name.Length == 1)
        {
            var lower = (byte)(name[0] | 0x20);
            return lower is >= (byte)'a' and <= (byte)'z' ? Compact[lower - 'a'] : SipHeaderKind.Unknown;
        }

        foreach (var entry in Entries)
        {
            if (entry.Bytes.Length == name.Length && Ascii.EqualsIgnoreCase(entry.Bytes, name))
            {
                return entry.Kind;
            }
        }

        return SipHeaderKind.Unknown;
    }

    public static SipHeaderKind Resolve(string name)
    {
        Span<byte> buffer = stackalloc byte[64];
        return name.Length <= 64 && Ascii.FromUtf16(name, buffer, out var written) == OperationStatus.Done
            ? Resolve(buffer[..written])
            : SipHeaderKind.Unknown;
    }

    public static string GetCanonicalName(SipHeaderKind kind) => Canonical[(int)kind];

    private static string[] BuildCanonical()
    {
        var names = new string[Enum.GetValues<SipHeaderKind>().Length];
        names[0] = string.Empty;
        foreach (var entry in Entries)
        {
            names[(int)entry.Kind] = entry.Name;
        }

        return names;
    }

    private static SipHeaderKind[] BuildCompact()
    {
        var kinds = new SipHeaderKind[26];
        foreach (var entry in Entries)
        {
            if (entry.CompactForm is char c)
            {
                kinds[c - 'a'] = entry.Kind;
            }
        }

        return kinds;
    }

    private sealed record Entry(SipHeaderKind Kind, string Name, char? CompactForm)
    {
        public byte[] Bytes { get; } = Encoding.ASCII.GetBytes(Name);
    }
}
