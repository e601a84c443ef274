using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Tests.Registrar;

/// <summary>
/// A phone as the registrar sees it: builds REGISTERs, answers 401 challenges with a digest it computes itself from
/// RFC 2617 / RFC 7616 (not with the engine's DigestHash, so a bug there cannot hide), keeps its Call-ID and CSeq.
/// </summary>
internal sealed partial class TestPhone(RegistrarFixture fixture, string number = "101", string password = RegistrarFixture.Password, SipEndPoint? source = null)
{
    private int _branch;

    public SipEndPoint Source { get; set; } = source ?? RegistrarFixture.Udp;

    public string CallId { get; set; } = Guid.NewGuid().ToString("N") + "@phone";

    public uint CSeq { get; set; } = 1;

    /// <summary>The user in To when it is not the phone's own number.</summary>
    public string? ToUser { get; set; }

    public string RequestUri { get; set; } = "sip:" + RegistrarFixture.Domain;

    /// <summary>Use the SHA-256 challenge instead of MD5.</summary>
    public bool Sha256 { get; set; }

    /// <summary>The Contact of this phone at its source address.</summary>
    public string OwnContact => $"<sip:{number}@{Host(Source.EndPoint)}:{Source.EndPoint.Port}>";

    /// <summary>Sends the REGISTER, answers the challenge once, returns the final response.</summary>
    public SipMessage Register(IReadOnlyList<string>? contacts = null, string? expires = null, params string[] headers)
    {
        var first = fixture.Send(Build(contacts, expires, headers, authorization: null), Source);
        if (first.StatusCode != 401)
        {
            return first;
        }

        return fixture.Send(Build(contacts, expires, headers, Authorize(first)), Source);
    }

    /// <summary>Sends the REGISTER without credentials: the first leg only.</summary>
    public SipMessage RegisterWithoutCredentials(IReadOnlyList<string>? contacts = null, string? expires = null, params string[] headers) =>
        fixture.Send(Build(contacts, expires, headers, authorization: null), Source);

    public string Build(IReadOnlyList<string>? contacts, string? expires, IReadOnlyList<string> headers, string? authorization)
    {
        var transport = Source.Transport == SipTransportKind.Udp ? "UDP" : "TCP";
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"REGISTER {RequestUri} SIP/2.0\r\n")
            .Append(CultureInfo.InvariantCulture, $"Via: SIP/2.0/{transport} {Host(Source.EndPoint)}:{Source.EndPoint.Port};branch=z9hG4bK{number}x{++_branch}x{Guid.NewGuid():N};rport\r\n")
            .Append("Max-Forwards: 70\r\n")
            .Append(CultureInfo.InvariantCulture, $"From: <sip:{number}@{RegistrarFixture.Domain}>;tag=ph{number}\r\n")
            .Append(CultureInfo.InvariantCulture, $"To: <sip:{ToUser ?? number}@{RegistrarFixture.Domain}>\r\n")
            .Append(CultureInfo.InvariantCulture, $"Call-ID: {CallId}\r\n")
            .Append(CultureInfo.InvariantCulture, $"CSeq: {CSeq++} REGISTER\r\n")
            .Append("User-Agent: TestPhone/1.0\r\n");
        foreach (var contact in contacts ?? [OwnContact])
        {
            text.Append("Contact: ").Append(contact).Append("\r\n");
        }

        if (expires is not null)
        {
            text.Append("Expires: ").Append(expires).Append("\r\n");
        }

        foreach (var header in headers)
        {
            text.Append(header).Append("\r\n");
        }

        if (authorization is not null)
        {
            text.Append("Authorization: ").Append(authorization).Append("\r\n");
        }

        return text.Append("Content-Length: 0\r\n\r\n").ToString();
    }

    /// <summary>The Authorization value answering the MD5 or SHA-256 challenge of <paramref name="challenge"/>.</summary>
    public string Authorize(SipMessage challenge)
    {
        var wanted = Sha256 ? "SHA-256" : "MD5";
        var header = challenge.Headers.Where(h => h.Kind == SipHeaderKind.WwwAuthenticate).Select(h => h.Value)
            .Single(v => Param(v, "algorithm") == wanted);
        var realm = Param(header, "realm")!;
        var nonce = Param(header, "nonce")!;
        var opaque = Param(header, "opaque");
        const string cnonce = "f00dcafe";
        const string nc = "00000001";
        var ha1 = Hash($"{number}:{realm}:{password}");
        var ha2 = Hash($"REGISTER:{RequestUri}");
        var response = Hash($"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}");
        return $"Digest username=\"{number}\", realm=\"{realm}\", nonce=\"{nonce}\", uri=\"{RequestUri}\", response=\"{response}\", "
            + $"algorithm={wanted}, qop=auth, nc={nc}, cnonce=\"{cnonce}\"" + (opaque is null ? "" : $", opaque=\"{opaque}\"");
    }

    public static string? Param(string header, string name)
    {
        foreach (Match match in ParamPattern().Matches(header))
        {
            if (string.Equals(match.Groups[1].Value, name, StringComparison.OrdinalIgnoreCase))
            {
                return match.Groups[3].Success ? match.Groups[4].Value : match.Groups[5].Value;
            }
        }

        return null;
    }

    private static string Host(IPEndPoint endPoint) =>
        endPoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{endPoint.Address}]" : endPoint.Address.ToString();

    [SuppressMessage("Security", "CA5351:Do Not Use Broken Cryptographic Algorithms", Justification = "RFC 2617 digest is MD5; the test computes it independently.")]
    private string Hash(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return Convert.ToHexStringLower(Sha256 ? SHA256.HashData(bytes) : MD5.HashData(bytes));
    }

    [GeneratedRegex("([A-Za-z-]+)=((\"([^\"]*)\")|([^,\\s]+))")]
    private static partial Regex ParamPattern();
}
