using System.Buffers;
using System.Text;
using HomeTelco.Sip.Messages;

namespace HomeTelco.Sip.Defence;

/// <summary>
/// Recognises the User-Agents of SIP scanners and attack tools: SIPVicious ("friendly-scanner", svmap/svwar/svcrack),
/// sipcli, SIPScan and sip-scan, iWar, sundayddr, VaxSIPUserAgent, pplsip, smap, SiVuS, SIP Army Knife, sippts, and
/// the Ozeki and PortSIP SDK strings toll-fraud bots send. sipsak is deliberately not on the list: it is the admin's
/// own test tool. Matching decodes at most the first 256 bytes of each User-Agent into a stack buffer and searches
/// all fragments at once, so a request costs no allocation.
/// </summary>
internal sealed class SipScannerAgents
{
    private const int Inspected = 256;

    public static IReadOnlyList<string> Default { get; } =
    [
        "friendly-scanner", "friendly-request", "sipvicious", "svmap", "svwar", "svcrack",
        "sipcli", "sipscan", "sip-scan", "iwar", "sundayddr", "vaxsipuseragent", "vaxipuseragent",
        "pplsip", "smap", "sivus", "siparmyknife", "sippts", "sipptk", "ozeki", "portsip voip sdk",
    ];

    private readonly SearchValues<string> _fragments;

    public SipScannerAgents(IReadOnlyList<string> fragments)
    {
        ArgumentNullException.ThrowIfNull(fragments);
        _fragments = SearchValues.Create([.. fragments], StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>True when a User-Agent of <paramref name="request"/> names a scanner; <paramref name="agent"/> is that header's value.</summary>
    public bool IsScanner(SipMessage request, out ReadOnlyMemory<byte> agent)
    {
        ArgumentNullException.ThrowIfNull(request);
        Span<char> text = stackalloc char[Inspected];
        foreach (var header in request.Headers.OfKind(SipHeaderKind.UserAgent))
        {
            var raw = header.RawValue.Span;
            // Latin-1 maps every byte to one char, so UTF-8 bytes never fail to decode and ASCII fragments still match.
            var length = Encoding.Latin1.GetChars(raw.Length > Inspected ? raw[..Inspected] : raw, text);
            if (text[..length].ContainsAny(_fragments))
            {
                agent = header.RawValue;
                return true;
            }
        }

        agent = default;
        return false;
    }
}
