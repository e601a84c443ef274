using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace HomeTelco.IntegrationTests.Sip;

/// <summary>
/// A minimal phone over UDP on loopback: sends REGISTER, answers the box's MD5 digest challenge with a response it
/// computes itself (RFC 2617), and returns the final answer as text. Enough to leave a binding with a chosen expiry,
/// which sipsak cannot (it removes what it registered).
/// </summary>
internal sealed partial class RegisteringPhone(int boxPort, string number, string password) : IDisposable
{
    private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly string _callId = Guid.NewGuid().ToString("N") + "@test-phone";
    private int _cseq;

    public int Port => ((IPEndPoint)_udp.Client.LocalEndPoint!).Port;

    public string Contact => $"<sip:{number}@127.0.0.1:{Port}>";

    /// <summary>REGISTER with <paramref name="contact"/> (none: a query) and digest; the final response's text.</summary>
    public async Task<string> RegisterAsync(string? contact, int? expires)
    {
        var first = await ExchangeAsync(Build(contact, expires, authorization: null));
        if (!first.StartsWith("SIP/2.0 401 ", StringComparison.Ordinal))
        {
            return first;
        }

        var challenge = HeaderValues(first, "WWW-Authenticate").Single(v => v.Contains("algorithm=MD5", StringComparison.Ordinal));
        return await ExchangeAsync(Build(contact, expires, Authorize(challenge)));
    }

    /// <summary>Values of every header field called <paramref name="name"/> in a response's text.</summary>
    public static IReadOnlyList<string> HeaderValues(string message, string name) =>
        [.. message.Split("\r\n").Where(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase)).Select(l => l[(name.Length + 1)..].Trim())];

    public void Dispose() => _udp.Dispose();

    private string Build(string? contact, int? expires, string? authorization)
    {
        var uri = $"sip:127.0.0.1:{boxPort}";
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"REGISTER {uri} SIP/2.0\r\n")
            .Append(CultureInfo.InvariantCulture, $"Via: SIP/2.0/UDP 127.0.0.1:{Port};branch=z9hG4bK{Guid.NewGuid():N};rport\r\n")
            .Append("Max-Forwards: 70\r\n")
            .Append(CultureInfo.InvariantCulture, $"From: <sip:{number}@127.0.0.1>;tag=t{number}\r\n")
            .Append(CultureInfo.InvariantCulture, $"To: <sip:{number}@127.0.0.1>\r\n")
            .Append(CultureInfo.InvariantCulture, $"Call-ID: {_callId}\r\n")
            .Append(CultureInfo.InvariantCulture, $"CSeq: {++_cseq} REGISTER\r\n")
            .Append("User-Agent: HomeTelco-IntegrationTest\r\n");
        if (contact is not null)
        {
            text.Append("Contact: ").Append(contact).Append("\r\n");
        }

        if (expires is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"Expires: {expires}\r\n");
        }

        if (authorization is not null)
        {
            text.Append("Authorization: ").Append(authorization).Append("\r\n");
        }

        return text.Append("Content-Length: 0\r\n\r\n").ToString();
    }

    private string Authorize(string challenge)
    {
        string Param(string name) => ParamPattern().Matches(challenge).First(m => m.Groups[1].Value == name).Groups[2].Value;
        var realm = Param("realm");
        var nonce = Param("nonce");
        var opaque = Param("opaque");
        var uri = $"sip:127.0.0.1:{boxPort}";
        const string cnonce = "0badc0de";
        const string nc = "00000001";
        var ha1 = Md5($"{number}:{realm}:{password}");
        var ha2 = Md5($"REGISTER:{uri}");
        var response = Md5($"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}");
        return $"Digest username=\"{number}\", realm=\"{realm}\", nonce=\"{nonce}\", uri=\"{uri}\", response=\"{response}\", algorithm=MD5, qop=auth, nc={nc}, cnonce=\"{cnonce}\", opaque=\"{opaque}\"";
    }

    /// <summary>Sends and waits for a final answer, retransmitting like a phone would (UDP may drop a packet).</summary>
    private async Task<string> ExchangeAsync(string request)
    {
        var bytes = Encoding.ASCII.GetBytes(request);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await _udp.SendAsync(bytes, new IPEndPoint(IPAddress.Loopback, boxPort));
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                while (true)
                {
                    var received = Encoding.UTF8.GetString((await _udp.ReceiveAsync(deadline.Token)).Buffer);
                    if (!received.StartsWith("SIP/2.0 1", StringComparison.Ordinal))
                    {
                        return received;
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        throw new TimeoutException("no final SIP answer after 5 tries");
    }

    [SuppressMessage("Security", "CA5351:Do Not Use Broken Cryptographic Algorithms", Justification = "RFC 2617 digest is MD5; the test computes it independently of the box.")]
    private static string Md5(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));

    [GeneratedRegex("([a-z]+)=\"([^\"]*)\"")]
    private static partial Regex ParamPattern();
}
