using System.Net;
using System.Net.Sockets;
using System.Text;
using HomeTelco.IntegrationTests.Infrastructure;

namespace HomeTelco.IntegrationTests.Api;

/// <summary>Hostile HTTP against the real Kestrel listener of a running box process (loopback only).</summary>
public class HostileHttpTests
{
    [Fact]
    public async Task OversizedBody_Refused413AndBoxKeepsServing()
    {
        await using var box = await BoxProcess.StartAsync();
        using var client = new HttpClient { BaseAddress = box.BaseUrl };
        using var body = new ByteArrayContent(new byte[3 * 1024 * 1024]);
        body.Headers.ContentType = new("application/json");

        var response = await client.PostAsync("/api/setup", body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task EndlessHeaders_Refused431()
    {
        await using var box = await BoxProcess.StartAsync();
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, box.BaseUrl.Port);
        var stream = tcp.GetStream();
        var request = new StringBuilder("GET /healthz HTTP/1.1\r\nHost: x\r\n");
        for (var i = 0; i < 200; i++)
        {
            request.Append("X-Filler-").Append(i).Append(": ").Append('a', 400).Append("\r\n");
        }

        request.Append("\r\n");
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(request.ToString()));
        }
        catch (IOException)
        {
            // The server may cut the connection before we finish writing; the answer is what counts.
        }

        var answer = await ReadAnswerAsync(stream);
        Assert.StartsWith("HTTP/1.1 431", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlowHeaders_ConnectionCutAfterTimeoutOthersStillServed()
    {
        await using var box = await BoxProcess.StartAsync();
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, box.BaseUrl.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync("GET /healthz HTTP/1.1\r\nHost: x\r\n"u8.ToArray());

        // A slowloris client dribbles one header line now and then and never finishes.
        var started = DateTime.UtcNow;
        var cut = false;
        using var client = new HttpClient { BaseAddress = box.BaseUrl };
        for (var i = 0; i < 40 && !cut; i++)
        {
            try
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"X-Slow-{i}: 1\r\n"));
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
                await Task.Delay(TimeSpan.FromSeconds(1));
                cut = tcp.Client.Poll(0, SelectMode.SelectRead) && tcp.Client.Available == 0 || await AnsweredAsync(stream);
            }
            catch (IOException)
            {
                cut = true;
            }
        }

        Assert.True(cut, "the slow client was never cut off");
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(35));
    }

    private static async Task<bool> AnsweredAsync(NetworkStream stream)
    {
        if (!stream.DataAvailable)
        {
            return false;
        }

        var answer = await ReadAnswerAsync(stream);
        return answer.StartsWith("HTTP/1.1 408", StringComparison.Ordinal) || answer.Length == 0;
    }

    private static async Task<string> ReadAnswerAsync(NetworkStream stream)
    {
        var buffer = new byte[4096];
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            var read = await stream.ReadAsync(buffer, deadline.Token);
            return Encoding.ASCII.GetString(buffer, 0, read);
        }
        catch (IOException)
        {
            return "";
        }
    }
}
