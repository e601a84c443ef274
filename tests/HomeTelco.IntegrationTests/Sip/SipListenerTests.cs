using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using HomeTelco.IntegrationTests.Infrastructure;

namespace HomeTelco.IntegrationTests.Sip;

/// <summary>The box's SIP listeners against sipsak and hand-made packets, all on loopback.</summary>
public class SipListenerTests
{
    [Theory]
    [InlineData("udp")]
    [InlineData("tcp")]
    public async Task Options_FromSipsak_Answered200(string transport)
    {
        var port = BoxProcess.FreePort();
        await using var box = await BoxProcess.StartAsync(null, ["--sip-port", port.ToString(CultureInfo.InvariantCulture)]);

        var (exit, output) = await Sipsak.RunAsync("-E", transport, "-vv", "-s", $"sip:127.0.0.1:{port}");

        Assert.True(exit == 0, output);
        Assert.Contains("SIP/2.0 200 OK", output, StringComparison.Ordinal);
        Assert.Contains("Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Options_ViaClaimsOtherAddress_ResponseComesBackToSourceWithReceivedAndRPort()
    {
        var port = BoxProcess.FreePort();
        await using var box = await BoxProcess.StartAsync(null, ["--sip-port", port.ToString(CultureInfo.InvariantCulture)]);
        using var phone = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var phonePort = ((IPEndPoint)phone.Client.LocalEndPoint!).Port;

        // A phone behind NAT puts its private address in Via; the box must answer where the packet came from.
        var response = await ExchangeAsync(phone, port, Request("OPTIONS", port, "SIP/2.0/UDP 192.0.2.33:5070;branch=z9hG4bK-nat-1;rport"));

        Assert.StartsWith("SIP/2.0 200 OK", response, StringComparison.Ordinal);
        Assert.Contains($"Via: SIP/2.0/UDP 192.0.2.33:5070;branch=z9hG4bK-nat-1;rport={phonePort};received=127.0.0.1\r\n", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadInput_GarbageDroppedMalformedAnswered400_ListenerKeepsServing()
    {
        var port = BoxProcess.FreePort();
        await using var box = await BoxProcess.StartAsync(null, ["--sip-port", port.ToString(CultureInfo.InvariantCulture)]);
        using var phone = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var target = new IPEndPoint(IPAddress.Loopback, port);

        var random = new Random(3261);
        for (var i = 0; i < 200; i++)
        {
            var junk = new byte[random.Next(1, 1400)];
            random.NextBytes(junk);
            await phone.SendAsync(junk, target);
        }

        var noCSeq = Request("OPTIONS", port, "SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-bad-1").Replace("CSeq: 1 OPTIONS\r\n", "", StringComparison.Ordinal);
        var answer = await ExchangeAsync(phone, port, noCSeq);
        Assert.StartsWith("SIP/2.0 400 ", answer, StringComparison.Ordinal);

        var badVersion = Request("OPTIONS", port, "SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-bad-2").Replace("SIP/2.0\r\nVia", "SIP/7.0\r\nVia", StringComparison.Ordinal);
        Assert.StartsWith("SIP/2.0 505 ", await ExchangeAsync(phone, port, badVersion), StringComparison.Ordinal);

        var (exit, output) = await Sipsak.RunAsync("-s", $"sip:127.0.0.1:{port}");
        Assert.True(exit == 0, output);
    }

    private static string Request(string method, int port, string via) =>
        $"{method} sip:127.0.0.1:{port} SIP/2.0\r\n" +
        $"Via: {via}\r\n" +
        "Max-Forwards: 70\r\n" +
        "From: <sip:tester@example.invalid>;tag=t1\r\n" +
        $"To: <sip:probe@127.0.0.1:{port}>\r\n" +
        $"Call-ID: {Guid.NewGuid():N}@test\r\n" +
        $"CSeq: 1 {method}\r\n" +
        "Content-Length: 0\r\n\r\n";

    /// <summary>Sends and waits for the answer, retransmitting like a phone would (UDP may drop a packet in a burst).</summary>
    private static async Task<string> ExchangeAsync(UdpClient phone, int port, string request)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await phone.SendAsync(Encoding.ASCII.GetBytes(request), new IPEndPoint(IPAddress.Loopback, port));
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                var received = await phone.ReceiveAsync(deadline.Token);
                return Encoding.UTF8.GetString(received.Buffer);
            }
            catch (OperationCanceledException)
            {
            }
        }

        throw new TimeoutException("no SIP answer after 5 tries");
    }
}
