using System.Globalization;
using HomeTelco.Sip.Syntax;
using HomeTelco.Sip.Uris;

namespace HomeTelco.Sip.Headers;

/// name-addr or addr-spec with header parameters: From, To, Contact, Route, Record-Route, Refer-To (RFC 3261 §20).
internal sealed class SipNameAddress
{
    public SipNameAddress(string? displayName, SipUri? uri, bool bracketed, IReadOnlyList<SipParameter> parameters)
    {
        DisplayName = displayName;
        Uri = uri;
        IsBracketed = bracketed;
        Parameters = parameters;
    }

    /// The display name with quotes removed and quoted-pairs unescaped, or the token words joined by one space.
    public string? DisplayName { get; }

    /// Null only for the Contact wildcard `*`.
    public SipUri? Uri { get; }

    public bool IsBracketed { get; }

    public IReadOnlyList<SipParameter> Parameters { get; }

    public bool IsWildcard => Uri is null;

    public string? Tag => Get("tag");

    /// Contact `expires` (delta-seconds); null when absent or out of the 32-bit range (RFC 3261 §10.3 step 7 then
    /// falls back to the Expires header or the registrar's default).
    public uint? Expires => uint.TryParse(Get("expires"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : null;

    /// Contact `q` in thousandths (q=0.33 → 330); null when absent or malformed (RFC 3261 §20.10 qvalue).
    public int? QualityPerMille => ParseQuality(Get("q"));

    public string? Get(string name)
    {
        var index = SipUri.IndexOf(Parameters, name);
        return index < 0 ? null : Parameters[index].Value;
    }

    public bool Has(string name) => SipUri.IndexOf(Parameters, name) >= 0;

    private static int? ParseQuality(string? text)
    {
        // qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
        if (text is null || text.Length == 0 || text.Length > 5 || text[0] is not ('0' or '1'))
        {
            return null;
        }

        var value = (text[0] - '0') * 1000;
        if (text.Length > 1)
        {
            if (text[1] != '.')
            {
                return null;
            }

            var scale = 100;
            for (var i = 2; i < text.Length; i++, scale /= 10)
            {
                if (text[i] is < '0' or > '9')
                {
                    return null;
                }

                value += (text[i] - '0') * scale;
            }
        }

        return value <= 1000 ? value : null;
    }
}
