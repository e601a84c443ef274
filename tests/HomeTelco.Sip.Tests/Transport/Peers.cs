using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;

namespace HomeTelco.Sip.Tests.Transport;

/// Test-side ends of connections: TLS clients that check the box's certificate, and closure checks.
internal static class Peers
{
    /// Connects over TLS, accepting only <see cref="TestCertificates.Server"/>; <paramref name="from"/> picks the loopback source address.
    public static async Task<SslStream> ConnectTlsAsync(IPEndPoint to, IPAddress? from = null, SslProtocols protocols = SslProtocols.Tls12 | SslProtocols.Tls13)
    {
        var client = await ConnectTcpAsync(to, from);
        var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false);
        await tls.AuthenticateAsClientAsync(
            new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                EnabledSslProtocols = protocols,
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && certificate.GetCertHashString() == TestCertificates.Server.GetCertHashString(),
            },
            Wait.Soon());
        return tls;
    }

    public static async Task<TcpClient> ConnectTcpAsync(IPEndPoint to, IPAddress? from = null)
    {
        var client = new TcpClient(new IPEndPoint(from ?? (to.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback), 0)) { NoDelay = true };
        await client.ConnectAsync(to, Wait.Soon());
        return client;
    }

    public static Task WriteAsync(Stream stream, string text) => stream.WriteAsync(Encoding.UTF8.GetBytes(text), Wait.Soon()).AsTask();

    /// True once the box has closed the connection (end of stream or reset); false if it is still open after the wait.
    public static async Task<bool> IsClosedAsync(Stream stream, double seconds = 10)
    {
        var buffer = new byte[256];
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
            while (true)
            {
                if (await stream.ReadAsync(buffer, deadline.Token) == 0)
                {
                    return true;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// Reads exactly <paramref name="count"/> bytes as text.
    public static async Task<string> ReadExactlyAsync(Stream stream, int count)
    {
        var buffer = new byte[count];
        await stream.ReadExactlyAsync(buffer, Wait.Soon());
        return Encoding.UTF8.GetString(buffer);
    }
}
