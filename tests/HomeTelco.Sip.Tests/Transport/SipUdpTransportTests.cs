using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Tests.Transport;

/// RFC 5626 keep-alives on the SIP UDP port, over real loopback sockets.
public sealed class SipUdpTransportTests
{
    [Fact]
    public async Task StunBindingRequest_AnsweredWithTheSourceAddressXored()
    {
        await using var box = TransportHarness.Start();
        using var phone = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var phonePort = ((IPEndPoint)phone.Client.LocalEndPoint!).Port;
        var transaction = RandomNumberGenerator.GetBytes(12);
        byte[] request = [0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xA4, 0x42, .. transaction];

        await phone.SendAsync(request, box.Udp.LocalEndPoint);
        var answer = (await phone.ReceiveAsync(Wait.Soon())).Buffer;

        Assert.Equal(0x0101, BinaryPrimitives.ReadUInt16BigEndian(answer));
        Assert.Equal(transaction, answer[8..20]);
        Assert.Equal(0x0020, BinaryPrimitives.ReadUInt16BigEndian(answer.AsSpan(20)));
        Assert.Equal(phonePort, BinaryPrimitives.ReadUInt16BigEndian(answer.AsSpan(26)) ^ 0x2112);
        Assert.Equal([127 ^ 0x21, 0 ^ 0x12, 0 ^ 0xA4, 1 ^ 0x42], answer[28..32]);
        Assert.False(box.Inbound.TryNext(out _));
    }

    [Fact]
    public async Task BareCrLfAndStunIndication_DroppedSilently_NextMessageStillServed()
    {
        await using var box = TransportHarness.Start();
        using var phone = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));

        await phone.SendAsync("\r\n\r\n"u8.ToArray(), box.Udp.LocalEndPoint);
        await phone.SendAsync("\r\n"u8.ToArray(), box.Udp.LocalEndPoint);
        byte[] indication = [0x00, 0x11, 0x00, 0x00, 0x21, 0x12, 0xA4, 0x42, .. new byte[12]];
        await phone.SendAsync(indication, box.Udp.LocalEndPoint);
        await phone.SendAsync(SipText.Bytes(SipText.Options("UDP", "z9hG4bK-after")), box.Udp.LocalEndPoint);

        var (result, source) = await box.Inbound.NextAsync();
        Assert.True(result.IsComplete);
        Assert.Equal(SipTransportKind.Udp, source.Transport);
        Assert.StartsWith("SIP/2.0 200 OK", System.Text.Encoding.UTF8.GetString((await phone.ReceiveAsync(Wait.Soon())).Buffer), StringComparison.Ordinal);
        Assert.Equal(4, box.Udp.Received);
        Assert.False(box.Inbound.TryNext(out _));
    }
}
