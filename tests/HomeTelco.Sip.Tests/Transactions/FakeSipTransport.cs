using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Parsing;
using HomeTelco.Sip.Transactions;
using Microsoft.Extensions.Time.Testing;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Tests.Transactions;

/// Records every send with the fake clock's time since the fixture started.
internal sealed class FakeSipTransport(FakeTimeProvider time) : ISipTransactionTransport
{
    private readonly DateTimeOffset _start = time.GetUtcNow();

    public List<(SipMessage Message, SipEndPoint Destination, TimeSpan At)> Sent { get; } = [];

    public void Send(SipMessage message, SipEndPoint destination) => Sent.Add((message, destination, time.GetUtcNow() - _start));

    /// Saved responses come as bytes; parsed back so the tests read every send alike.
    public void SendDatagram(ReadOnlySpan<byte> datagram, SipEndPoint destination) =>
        Send(SipParser.Parse(datagram.ToArray(), SipFraming.Datagram).Message!, destination);

    /// Send times in seconds of the messages matching the filter.
    public double[] TimesOf(Func<SipMessage, bool> filter) =>
        Sent.Where(s => filter(s.Message)).Select(s => s.At.TotalSeconds).ToArray();
}
