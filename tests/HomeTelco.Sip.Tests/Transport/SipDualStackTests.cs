using System.Net;
using System.Net.Sockets;
using System.Text;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Tests.Transport;

/// With no listen address the listeners take IPv4 and IPv6 on one socket each: phones on ::1 and 127.0.0.1 both get in.
public sealed class SipDualStackTests
{
    [Fact]
    public async Task Udp_OverIpv6AndIpv4_BothAnsweredAtTheirSource()
    {
        await using var box = TransportHarness.Start(dualStack: true);
        var port = box.Udp.LocalEndPoint.Port;
        using var v6 = new UdpClient(new IPEndPoint(IPAddress.IPv6Loopback, 0));
        using var v4 = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));

        await v6.SendAsync(SipText.Bytes(SipText.Options("UDP", "z9hG4bK-v6", port).Replace("127.0.0.1:5999", "[::1]:5999", StringComparison.Ordinal)), new IPEndPoint(IPAddress.IPv6Loopback, port));
        var answer6 = Encoding.UTF8.GetString((await v6.ReceiveAsync(Wait.Soon())).Buffer);
        var source6 = (await box.Inbound.NextAsync()).Source;
        await v4.SendAsync(SipText.Bytes(SipText.Options("UDP", "z9hG4bK-v4", port)), new IPEndPoint(IPAddress.Loopback, port));
        var answer4 = Encoding.UTF8.GetString((await v4.ReceiveAsync(Wait.Soon())).Buffer);
        var source4 = (await box.Inbound.NextAsync()).Source;

        Assert.StartsWith("SIP/2.0 200 OK", answer6, StringComparison.Ordinal);
        Assert.Equal(IPAddress.IPv6Loopback, source6.EndPoint.Address);
        Assert.StartsWith("SIP/2.0 200 OK", answer4, StringComparison.Ordinal);
        Assert.Equal(IPAddress.Loopback, source4.EndPoint.Address);
    }

    [Fact]
    public async Task Tcp_OverIpv6_AnsweredOnTheConnection()
    {
        await using var box = TransportHarness.Start(dualStack: true);
        using var phone = await Peers.ConnectTcpAsync(new IPEndPoint(IPAddress.IPv6Loopback, box.TcpEndPoint.Port));

        await Peers.WriteAsync(phone.GetStream(), SipText.Options("TCP", "z9hG4bK-tcp6").Replace("127.0.0.1:5999", "[::1]:5999", StringComparison.Ordinal));

        var source = (await box.Inbound.NextAsync()).Source;
        Assert.Equal((SipTransportKind.Tcp, AddressFamily.InterNetworkV6), (source.Transport, source.EndPoint.AddressFamily));
        Assert.StartsWith("SIP/2.0 200 OK\r\n", await SipText.ReadMessageAsync(phone.GetStream(), Wait.Soon()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StunOverIpv6_AnsweredWithAnIpv6XorMappedAddress()
    {
        await using var box = TransportHarness.Start(dualStack: true);
        using var phone = new UdpClient(new IPEndPoint(IPAddress.IPv6Loopback, 0));

        byte[] request = [0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xA4, 0x42, .. new byte[12]];
        await phone.SendAsync(request, new IPEndPoint(IPAddress.IPv6Loopback, box.Udp.LocalEndPoint.Port));
        var answer = (await phone.ReceiveAsync(Wait.Soon())).Buffer;

        Assert.Equal(SipStun.MaxResponseLength, answer.Length);
        Assert.Equal(0x02, answer[25]);
    }
}
