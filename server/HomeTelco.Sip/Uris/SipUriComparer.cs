using System.Net;

namespace HomeTelco.Sip.Uris;

/// URI equivalence per RFC 3261 §19.1.4 (and RFC 5118 §4 for IPv6 references).
internal static class SipUriComparer
{
    // Parameters that, present in only one URI, make the URIs differ.
    private static readonly string[] MustMatchWhenPresent = ["user", "ttl", "method", "maddr", "transport"];

    public static bool AreEquivalent(SipUri a, SipUri b)
    {
        if (a.Scheme != b.Scheme || !string.Equals(a.SchemeName, b.SchemeName, StringComparison.Ordinal))
        {
            return false;
        }

        if (a.Scheme == SipUriScheme.Other)
        {
            return string.Equals(a.Opaque, b.Opaque, StringComparison.Ordinal);
        }

        if (a.Scheme == SipUriScheme.Tel)
        {
            // RFC 3966 §4: visual separators do not count; parameters compare as SIP URI parameters do.
            return string.Equals(StripVisual(a.User), StripVisual(b.User), StringComparison.OrdinalIgnoreCase)
                && ParametersEquivalent(a, b, all: true);
        }

        // User info is case-sensitive after unescaping; the host is not, and IPv6 compares by address.
        return string.Equals(a.User, b.User, StringComparison.Ordinal)
            && string.Equals(a.Password, b.Password, StringComparison.Ordinal)
            && HostsEqual(a.Host, b.Host)
            && a.Port == b.Port
            && ParametersEquivalent(a, b, all: false)
            && HeadersEquivalent(a, b);
    }

    private static bool HostsEqual(string a, string b)
    {
        if (string.Equals(a, b, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return a.StartsWith('[') && b.StartsWith('[')
            && IPAddress.TryParse(a.AsSpan(1, a.Length - 2), out var x)
            && IPAddress.TryParse(b.AsSpan(1, b.Length - 2), out var y)
            && x.Equals(y);
    }

    private static bool ParametersEquivalent(SipUri a, SipUri b, bool all)
    {
        foreach (var parameter in a.Parameters)
        {
            var other = SipUri.IndexOf(b.Parameters, parameter.Name);
            if (other < 0)
            {
                if (all || IsMustMatch(parameter.Name))
                {
                    return false;
                }

                continue;
            }

            if (!string.Equals(parameter.Value, b.Parameters[other].Value, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        foreach (var parameter in b.Parameters)
        {
            if (SipUri.IndexOf(a.Parameters, parameter.Name) < 0 && (all || IsMustMatch(parameter.Name)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool HeadersEquivalent(SipUri a, SipUri b)
    {
        if (a.Headers.Count != b.Headers.Count)
        {
            return false;
        }

        foreach (var header in a.Headers)
        {
            var other = SipUri.IndexOf(b.Headers, header.Name);
            if (other < 0 || !string.Equals(header.Value, b.Headers[other].Value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsMustMatch(string name)
    {
        foreach (var candidate in MustMatchWhenPresent)
        {
            if (string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static string StripVisual(string? number) =>
        number is null ? string.Empty : string.Concat(number.Where(c => c is not ('-' or '.' or '(' or ')')));
}
