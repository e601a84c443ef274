using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace HomeTelco.IntegrationTests.Torrent.Engine;

/// <summary>
/// A tracker on 127.0.0.1 that never gives a usable answer: over HTTP each announce path gets its own kind of bad
/// bencode (a huge declared or streamed body, nesting far too deep, a truncated dictionary, a peer string of the wrong
/// length, a giant failure reason), and over UDP every request gets garbage, an oversized datagram and a truncated
/// reply with the right transaction id. It counts what it was asked, so a test can show it was really tried.
/// </summary>
internal sealed class HostileTracker : IAsyncDisposable
{
    /// <summary>The HTTP announce paths, one per kind of bad answer.</summary>
    public static readonly IReadOnlyList<string> Modes = ["huge", "endless", "deep", "truncated", "badpeers", "failure"];

    private readonly TcpListener _http;
    private readonly UdpClient _udp;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, int> _asked = new(StringComparer.Ordinal);
    private readonly List<Task> _loops = [];
    private int _datagrams;

    public HostileTracker()
    {
        _http = new TcpListener(IPAddress.Loopback, 0);
        _http.Start();
        _udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        _loops.Add(AcceptLoopAsync());
        _loops.Add(UdpLoopAsync());
    }

    /// <summary>One BEP 12 tier with every HTTP mode.</summary>
    public string HttpTier => string.Join(",", Modes.Select(m => $"http://127.0.0.1:{((IPEndPoint)_http.LocalEndpoint).Port}/{m}/announce"));

    public string UdpAnnounce => $"udp://127.0.0.1:{((IPEndPoint)_udp.Client.LocalEndPoint!).Port}/announce";

    /// <summary>Announces seen on the HTTP path <paramref name="mode"/>.</summary>
    public int Asked(string mode) => _asked.GetValueOrDefault(mode);

    public int Datagrams => Volatile.Read(ref _datagrams);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _http.Stop();
        _udp.Dispose();
        await Task.WhenAll(_loops).WaitAsync(TimeSpan.FromSeconds(10));
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _http.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = AnswerAsync(client);
        }
    }

    private async Task AnswerAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                deadline.CancelAfter(TimeSpan.FromSeconds(20));
                var stream = client.GetStream();
                var request = await ReadRequestLineAsync(stream, deadline.Token);
                var mode = Modes.FirstOrDefault(m => request.Contains($" /{m}/", StringComparison.Ordinal)) ?? "unknown";
                _asked.AddOrUpdate(mode, 1, (_, n) => n + 1);
                await WriteAnswerAsync(stream, mode, deadline.Token);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
            {
                // The engine hung up on a bad answer: that is what it should do.
            }
        }
    }

    private static async Task WriteAnswerAsync(NetworkStream stream, string mode, CancellationToken cancellationToken)
    {
        switch (mode)
        {
            case "huge":
                // Claims 50 MB, then sends 2 MB of list openers.
                await stream.WriteAsync(Head("Content-Length: 52428800"), cancellationToken);
                await WriteFillerAsync(stream, 2 * 1024 * 1024, cancellationToken);
                break;
            case "endless":
                // No length: list openers until 4 MB, far past any sane answer and any depth limit.
                await stream.WriteAsync(Head("Connection: close"), cancellationToken);
                await WriteFillerAsync(stream, 4 * 1024 * 1024, cancellationToken);
                break;
            case "deep":
                await WriteBodyAsync(stream, "d8:intervali60e5:peers" + new string('l', 5_000) + new string('e', 5_000) + "e", cancellationToken);
                break;
            case "truncated":
                await WriteBodyAsync(stream, "d8:intervali60e5:peers12:\u007f\u0000\u0000\u0001", cancellationToken);
                break;
            case "badpeers":
                await WriteBodyAsync(stream, "d8:intervali60e5:peers7:abcdefge", cancellationToken);
                break;
            case "failure":
                await WriteBodyAsync(stream, $"d14:failure reason{900_000}:{new string('x', 900_000)}e", cancellationToken);
                break;
            default:
                await WriteBodyAsync(stream, "not bencode at all", cancellationToken);
                break;
        }
    }

    private static byte[] Head(string header) => Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n{header}\r\n\r\n");

    private static async Task WriteBodyAsync(NetworkStream stream, string body, CancellationToken cancellationToken)
    {
        var bytes = Encoding.Latin1.GetBytes(body);
        await stream.WriteAsync(Head("Content-Length: " + bytes.Length.ToString(CultureInfo.InvariantCulture)), cancellationToken);
        await stream.WriteAsync(bytes, cancellationToken);
    }

    private static async Task WriteFillerAsync(NetworkStream stream, int total, CancellationToken cancellationToken)
    {
        var chunk = Enumerable.Repeat((byte)'l', 64 * 1024).ToArray();
        for (var sent = 0; sent < total; sent += chunk.Length)
        {
            await stream.WriteAsync(chunk, cancellationToken);
        }
    }

    // The request line and headers, up to 16 KiB; only the first line matters.
    private static async Task<string> ReadRequestLineAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken);
            if (n == 0)
            {
                break;
            }

            read += n;
            if (buffer.AsSpan(0, read).IndexOf("\r\n\r\n"u8) >= 0)
            {
                break;
            }
        }

        var text = Encoding.ASCII.GetString(buffer, 0, read);
        var end = text.IndexOf('\r', StringComparison.Ordinal);
        return end < 0 ? text : text[..end];
    }

    // Every datagram gets: random bytes, a 60,000-byte datagram, and 8 bytes with its transaction id and "connect"
    // (a connect reply needs 16): the client must drop the first two and refuse the third.
    private async Task UdpLoopAsync()
    {
        var random = new Random(5);
        while (!_stop.IsCancellationRequested)
        {
            UdpReceiveResult received;
            try
            {
                received = await _udp.ReceiveAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _datagrams);
            var garbage = new byte[random.Next(1, 1_500)];
            random.NextBytes(garbage);
            var oversized = new byte[60_000];
            random.NextBytes(oversized);
            var truncated = new byte[8];
            if (received.Buffer.Length >= 16)
            {
                received.Buffer.AsSpan(12, 4).CopyTo(truncated.AsSpan(4));
            }

            try
            {
                await _udp.SendAsync(garbage, received.RemoteEndPoint, _stop.Token);
                await _udp.SendAsync(oversized, received.RemoteEndPoint, _stop.Token);
                await _udp.SendAsync(truncated, received.RemoteEndPoint, _stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
        }
    }
}
