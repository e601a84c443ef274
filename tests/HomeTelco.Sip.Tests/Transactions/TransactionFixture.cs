using System.Net;
using System.Text;
using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Parsing;
using HomeTelco.Sip.Transactions;
using HomeTelco.Sip.Transport;
using Microsoft.Extensions.Time.Testing;

namespace HomeTelco.Sip.Tests.Transactions;

/// A layer wired to a recording transport and TU on a fake clock, plus message makers.
internal sealed class TransactionFixture : IDisposable
{
    public const string InviteBranch = "z9hG4bK776asdhds";

    private TimeSpan _elapsed;

    public TransactionFixture(SipTransactionOptions? options = null)
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Transport = new FakeSipTransport(Time);
        User = new RecordingTransactionUser();
        Layer = new SipTransactionLayer(Transport, User, Time, options);
    }

    public static SipEndPoint Udp { get; } = new(SipTransportKind.Udp, new IPEndPoint(IPAddress.Parse("192.0.2.10"), 5060));

    public static SipEndPoint Tcp { get; } = new(SipTransportKind.Tcp, new IPEndPoint(IPAddress.Parse("192.0.2.10"), 5060), 7);

    public FakeTimeProvider Time { get; }

    public FakeSipTransport Transport { get; }

    public RecordingTransactionUser User { get; }

    public SipTransactionLayer Layer { get; }

    public static SipMessage Request(string method, string branch = InviteBranch, string? cseqMethod = null, string toTag = "", uint cseq = 314159, string sentBy = "10.0.0.1:5060") =>
        Parse(
            $"{method} sip:bob@example.com SIP/2.0\r\n" +
            $"Via: SIP/2.0/UDP {sentBy};branch={branch}\r\n" +
            "Max-Forwards: 70\r\n" +
            $"To: Bob <sip:bob@example.com>{toTag}\r\n" +
            "From: Alice <sip:alice@example.com>;tag=1928301774\r\n" +
            "Call-ID: a84b4c76e66710\r\n" +
            $"CSeq: {cseq} {cseqMethod ?? method}\r\n" +
            "Route: <sip:proxy.example.com;lr>\r\n" +
            "Contact: <sip:alice@10.0.0.1>\r\n" +
            "Content-Length: 0\r\n\r\n");

    public static SipMessage Response(SipMessage request, int status) => SipResponseBuilder.CreateResponse(request, status, toTag: "uas1");

    public static SipMessage Parse(string text) => SipParser.Parse(Encoding.UTF8.GetBytes(text), SipFraming.Stream).Message!;

    /// Moves the clock in 10 ms steps so each timer fires at its own due time and re-arms from there.
    public void AdvanceTo(double seconds)
    {
        var target = TimeSpan.FromSeconds(seconds);
        var step = TimeSpan.FromMilliseconds(10);
        while (_elapsed < target)
        {
            var next = target - _elapsed < step ? target - _elapsed : step;
            Time.Advance(next);
            _elapsed += next;
        }
    }

    public void Dispose() => Layer.Dispose();
}
