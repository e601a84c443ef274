using System.Net;
using System.Net.Sockets;
using System.Text;

namespace HomeTelco.Torrent.Tests.Trackers;

/// <summary>
/// A loopback TCP listener that answers each HTTP request with the raw bytes the test chose (right, wrong or
/// endless) and records the request lines, so the client's exact query string can be checked.
/// </summary>
internal sealed class FakeHttpTracker : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly List<string> _requestLines = [];
    private readonly Lock _requestLinesLock = new();

    public FakeHttpTracker(Func<string, byte[]?> respond)
    {
        _listener.Start();
        _loop = Task.Run(() => AcceptLoopAsync(respond));
    }

    public Uri Announce => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/announce");

    public IReadOnlyList<string> RequestLines
    {
        get
        {
            lock (_requestLinesLock)
            {
                return [.. _requestLines];
            }
        }
    }

    /// <summary>An HTTP/1.1 200 response with <paramref name="body"/> and its Content-Length.</summary>
    public static byte[] Ok(byte[] body, string? contentLength = null) =>
        [.. Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {contentLength ?? body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)}\r\nConnection: close\r\n\r\n"), .. body];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync(Func<string, byte[]?> respond)
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => ServeAsync(client, respond));
        }
    }

    private async Task ServeAsync(TcpClient client, Func<string, byte[]?> respond)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var head = new StringBuilder();
                var buffer = new byte[4096];
                while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal) && head.Length < 64 * 1024)
                {
                    var read = await stream.ReadAsync(buffer, _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    head.Append(Encoding.Latin1.GetString(buffer, 0, read));
                }

                var requestLine = head.ToString()[..head.ToString().IndexOf("\r\n", StringComparison.Ordinal)];
                lock (_requestLinesLock)
                {
                    _requestLines.Add(requestLine);
                }

                var answer = respond(requestLine);
                if (answer is null)
                {
                    // Never answer: hold the connection until the test ends.
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                    return;
                }

                await stream.WriteAsync(answer, _stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException)
            {
            }
        }
    }
}
