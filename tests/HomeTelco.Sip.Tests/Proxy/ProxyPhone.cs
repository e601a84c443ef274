using System.Globalization;
using System.Text;
using HomeTelco.Sip.Auth;
using HomeTelco.Sip.Headers;
using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Tests.Proxy;

/// <summary>
/// A phone talking to the proxy under test: it sends requests from its flow (with a private Contact when it is behind
/// NAT), answers digest challenges the way a phone computes them, and answers requests the proxy sends it.
/// </summary>
internal sealed class ProxyPhone(ProxyFixture fixture, string number, SipEndPoint flow, string contactHostPort)
{
    private const string Sdp = "v=0\r\no=- 1 1 IN IP4 10.0.0.5\r\ns=-\r\nc=IN IP4 10.0.0.5\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n";
    private int _branch;

    public string Number { get; } = number;

    public SipEndPoint Flow { get; } = flow;

    public string Contact => $"<sip:{Number}@{contactHostPort}{(Flow.Transport == SipTransportKind.Tcp ? ";transport=tcp" : "")}>";

    public string Tag { get; } = "tag" + number;

    public string NextBranch() => "z9hG4bK-" + Number + "-" + (++_branch).ToString(CultureInfo.InvariantCulture);

    /// <summary>An out-of-dialog request as the phone writes it.</summary>
    public SipMessage Request(string method, string target, string callId, int cseq = 1, string? authorization = null, string? extra = null, string? fromNumber = null, string? branch = null, bool withSdp = false, int? maxForwards = 70, string fromDomain = ProxyFixture.Domain)
    {
        var body = withSdp ? Sdp : "";
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{method} {target} SIP/2.0\r\n")
            .Append(CultureInfo.InvariantCulture, $"Via: SIP/2.0/{Flow.Transport.ToString().ToUpperInvariant()} {contactHostPort};branch={branch ?? NextBranch()};rport\r\n")
            .Append(maxForwards is { } hops ? $"Max-Forwards: {hops}\r\n" : "")
            .Append(CultureInfo.InvariantCulture, $"From: \"Phone {fromNumber ?? Number}\" <sip:{fromNumber ?? Number}@{fromDomain}>;tag={Tag}\r\n")
            .Append(CultureInfo.InvariantCulture, $"To: <{target}>\r\n")
            .Append(CultureInfo.InvariantCulture, $"Call-ID: {callId}\r\n")
            .Append(CultureInfo.InvariantCulture, $"CSeq: {cseq} {method}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Contact: {Contact}\r\n");
        if (authorization is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"Proxy-Authorization: {authorization}\r\n");
        }

        text.Append(extra ?? "");
        if (withSdp)
        {
            text.Append("Content-Type: application/sdp\r\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n").Append(body);
        return ProxyFixture.Parse(text.ToString());
    }

    public void Send(SipMessage message) => fixture.Receive(message, Flow);

    /// <summary>
    /// Calls <paramref name="target"/> as phones do: INVITE, 407, ACK, INVITE again with credentials. Returns the
    /// authenticated INVITE as sent.
    /// </summary>
    public SipMessage Call(string target, string callId, string? extra = null, string? asNumber = null)
    {
        var first = Request("INVITE", target, callId, 1, extra: extra, fromNumber: asNumber, withSdp: true);
        Send(first);
        var challenge = LastResponse("INVITE");
        Assert.Equal(407, challenge.StatusCode);
        Send(AckFor(first, challenge));
        var second = Request("INVITE", target, callId, 2, Authorization(challenge, "INVITE", target), extra, fromNumber: asNumber, withSdp: true);
        Send(second);
        return second;
    }

    /// <summary>The Proxy-Authorization a phone computes for the MD5 challenge (RFC 7616 §3.4.1), qop=auth.</summary>
    public string Authorization(SipMessage challenge, string method, string uri, string? password = null)
    {
        SipCredentials? md5 = null;
        foreach (var credentials in challenge.GetCredentials(SipHeaderKind.ProxyAuthenticate).Value!)
        {
            if (credentials.Get("algorithm") == "MD5")
            {
                md5 = credentials;
            }
        }

        Assert.NotNull(md5);
        var realm = md5.Get("realm")!;
        var nonce = md5.Get("nonce")!;
        var ha1 = DigestHash.Ha1(DigestAlgorithm.Md5, Number, realm, password ?? ProxyFixture.PasswordOf(Number));
        var response = DigestHash.Response(DigestAlgorithm.Md5, ha1, nonce, method, uri, "auth", "00000001", "0a4f113b");
        return $"Digest username=\"{Number}\", realm=\"{realm}\", nonce=\"{nonce}\", uri=\"{uri}\", response=\"{response}\", algorithm=MD5, qop=auth, nc=00000001, cnonce=\"0a4f113b\", opaque=\"{md5.Get("opaque")}\"";
    }

    /// <summary>The ACK for a non-2xx final response: same branch as the INVITE (§17.1.1.3).</summary>
    public static SipMessage AckFor(SipMessage invite, SipMessage response) =>
        HomeTelco.Sip.Transactions.SipTransactionRequests.CreateAck(invite, response);

    /// <summary>The last response the proxy sent this phone for <paramref name="method"/>.</summary>
    public SipMessage LastResponse(string method) => fixture.ResponsesTo(Flow, method).Last();

    public List<SipMessage> Responses(string method) => fixture.ResponsesTo(Flow, method);

    /// <summary>The requests of <paramref name="method"/> the proxy sent to this phone.</summary>
    public List<SipMessage> Received(string method) => fixture.RequestsTo(Flow, method);

    /// <summary>Answers a request the proxy sent: a 2xx to an INVITE carries Contact and the Record-Route set (§12.1.1).</summary>
    public SipMessage Answer(SipMessage request, int status, string? toTag = null)
    {
        var response = SipResponseBuilder.CreateResponse(request, status, toTag: status == 100 ? null : toTag ?? Tag);
        if (status is >= 200 and < 300 && request.Method == "INVITE")
        {
            response.Headers.Add("Contact", Contact);
            foreach (var header in request.Headers.OfKind(SipHeaderKind.RecordRoute))
            {
                response.Headers.Add(header);
            }
        }

        fixture.Receive(response, Flow);
        return response;
    }

    /// <summary>A request inside a dialog: Request-URI the remote target, Route the route set, tags on both sides.</summary>
    public SipMessage InDialog(string method, string remoteTarget, IReadOnlyList<string> routeSet, string localUri, string localTag, string remoteUri, string remoteTag, string callId, int cseq)
    {
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{method} {remoteTarget} SIP/2.0\r\n")
            .Append(CultureInfo.InvariantCulture, $"Via: SIP/2.0/{Flow.Transport.ToString().ToUpperInvariant()} {contactHostPort};branch={NextBranch()};rport\r\n")
            .Append("Max-Forwards: 70\r\n");
        foreach (var route in routeSet)
        {
            text.Append(CultureInfo.InvariantCulture, $"Route: {route}\r\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"From: <{localUri}>;tag={localTag}\r\n")
            .Append(CultureInfo.InvariantCulture, $"To: <{remoteUri}>;tag={remoteTag}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Call-ID: {callId}\r\n")
            .Append(CultureInfo.InvariantCulture, $"CSeq: {cseq} {method}\r\n")
            .Append("Content-Length: 0\r\n\r\n");
        return ProxyFixture.Parse(text.ToString());
    }
}
