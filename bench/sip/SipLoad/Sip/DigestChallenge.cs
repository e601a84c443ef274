namespace SipLoad.Sip;

/// <summary>
/// The parts of one WWW-Authenticate / Proxy-Authenticate value the generator uses (RFC 7616 §3.3). A server may
/// send several challenges (the box offers SHA-256 and MD5); <see cref="IsMd5"/> tells which one to answer.
/// </summary>
internal readonly ref struct DigestChallenge
{
    public ReadOnlySpan<byte> Realm { get; init; }

    public ReadOnlySpan<byte> Nonce { get; init; }

    public ReadOnlySpan<byte> Opaque { get; init; }

    /// <summary>No algorithm parameter means MD5 (RFC 3261 §22.4).</summary>
    public bool IsMd5 { get; init; }

    /// <summary>qop lists "auth": answer with qop=auth, nc and cnonce; otherwise the RFC 2069 form.</summary>
    public bool QopAuth { get; init; }

    public bool Stale { get; init; }

    public static bool TryParse(ReadOnlySpan<byte> value, out DigestChallenge challenge)
    {
        challenge = default;
        if (value.Length < 7 || !value[..7].EqualsAsciiIgnoreCase("Digest "u8))
        {
            return false;
        }

        ReadOnlySpan<byte> realm = [], nonce = [], opaque = [];
        var md5 = true;
        var qopAuth = false;
        var stale = false;
        var rest = value[7..];
        while (!rest.IsEmpty)
        {
            rest = rest.TrimStart(" ,"u8);
            var equals = rest.IndexOf((byte)'=');
            if (equals <= 0)
            {
                break;
            }

            var name = rest[..equals].Trim((byte)' ');
            rest = rest[(equals + 1)..].TrimStart((byte)' ');
            ReadOnlySpan<byte> parameter;
            if (!rest.IsEmpty && rest[0] == '"')
            {
                var close = rest[1..].IndexOf((byte)'"');
                if (close < 0)
                {
                    return false;
                }

                parameter = rest.Slice(1, close);
                rest = rest[(close + 2)..];
            }
            else
            {
                var comma = rest.IndexOf((byte)',');
                parameter = (comma < 0 ? rest : rest[..comma]).Trim((byte)' ');
                rest = comma < 0 ? [] : rest[comma..];
            }

            if (name.EqualsAsciiIgnoreCase("realm"u8))
            {
                realm = parameter;
            }
            else if (name.EqualsAsciiIgnoreCase("nonce"u8))
            {
                nonce = parameter;
            }
            else if (name.EqualsAsciiIgnoreCase("opaque"u8))
            {
                opaque = parameter;
            }
            else if (name.EqualsAsciiIgnoreCase("algorithm"u8))
            {
                md5 = parameter.EqualsAsciiIgnoreCase("MD5"u8);
            }
            else if (name.EqualsAsciiIgnoreCase("qop"u8))
            {
                qopAuth = ListsAuth(parameter);
            }
            else if (name.EqualsAsciiIgnoreCase("stale"u8))
            {
                stale = parameter.EqualsAsciiIgnoreCase("true"u8);
            }
        }

        challenge = new DigestChallenge { Realm = realm, Nonce = nonce, Opaque = opaque, IsMd5 = md5, QopAuth = qopAuth, Stale = stale };
        return !nonce.IsEmpty;
    }

    private static bool ListsAuth(ReadOnlySpan<byte> qop)
    {
        foreach (var range in qop.Split((byte)','))
        {
            if (qop[range].Trim((byte)' ').EqualsAsciiIgnoreCase("auth"u8))
            {
                return true;
            }
        }

        return false;
    }
}
