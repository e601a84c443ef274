using System.Buffers;
using HomeTelco.Sip.Syntax;

namespace HomeTelco.Sip.Uris;

/// A SIP, SIPS or TEL URI (RFC 3261 §19.1, RFC 3966), components unescaped; other schemes keep their text opaque.
internal sealed class SipUri
{
    public SipUri(
        SipUriScheme scheme,
        string schemeName,
        string? user,
        string? password,
        string host,
        int? port,
        IReadOnlyList<SipParameter> parameters,
        IReadOnlyList<SipParameter> headers,
        string? opaque = null)
    {
        Scheme = scheme;
        SchemeName = schemeName;
        User = user;
        Password = password;
        Host = host;
        Port = port;
        Parameters = parameters;
        Headers = headers;
        Opaque = opaque;
    }

    public SipUriScheme Scheme { get; }

    /// The scheme as written, lower-cased.
    public string SchemeName { get; }

    /// The user part, or for TEL the telephone-subscriber number.
    public string? User { get; }

    public string? Password { get; }

    /// Host name, IPv4 address or IPv6 reference including its brackets (RFC 5118); empty for TEL and other schemes.
    public string Host { get; }

    public int? Port { get; }

    public IReadOnlyList<SipParameter> Parameters { get; }

    public IReadOnlyList<SipParameter> Headers { get; }

    /// Everything after "scheme:" for schemes we do not parse.
    public string? Opaque { get; }

    public bool IsSip => Scheme is SipUriScheme.Sip or SipUriScheme.Sips;

    public string? Transport => GetParameter("transport");

    public string? MAddr => GetParameter("maddr");

    public string? UserParameter => GetParameter("user");

    public bool IsLooseRouter => HasParameter("lr");

    public bool HasParameter(string name) => IndexOf(Parameters, name) >= 0;

    public string? GetParameter(string name)
    {
        var index = IndexOf(Parameters, name);
        return index < 0 ? null : Parameters[index].Value;
    }

    /// Equivalence as RFC 3261 §19.1.4 defines it (not byte equality).
    public bool IsEquivalentTo(SipUri other) => SipUriComparer.AreEquivalent(this, other);

    public override string ToString()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(512);
        try
        {
            int written;
            while ((written = SipUriWriter.Write(this, buffer)) < 0)
            {
                var larger = buffer.Length * 2;
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = ArrayPool<byte>.Shared.Rent(larger);
            }

            return System.Text.Encoding.UTF8.GetString(buffer, 0, written);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    internal static int IndexOf(IReadOnlyList<SipParameter> list, string name)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
