using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace HomeTelco.IntegrationTests.Infrastructure;

/// <summary>
/// A hand-made SIP peer on its own loopback address (127.0.0.2, 127.0.0.3, ...): the box sees each as a different
/// source, which is what its per-source defence keys on. Sends OPTIONS over UDP and waits for answers.
/// </summary>
public sealed class LoopbackSipPeer : IDisposable
{
    private readonly UdpClient _socket;
    private readonly IPEndPoint _box;
    private int _sequence;

    public LoopbackSipPeer(string address, int boxPort)
    {
        Address = address;
        _socket = new UdpClient(new IPEndPoint(IPAddress.Parse(address), 0));
        _box = new IPEndPoint(IPAddress.Loopback, boxPort);
        Port = ((IPEndPoint)_socket.Client.LocalEndPoint!).Port;
    }

    public string Address { get; }

    public int Port { get; }

    /// <summary>An OPTIONS to the box with a fresh branch and Call-ID.</summary>
    public string Options(string? userAgent = null)
    {
        var n = Interlocked.Increment(ref _sequence);
        return $"OPTIONS sip:127.0.0.1:{_box.Port} SIP/2.0\r\n" +
            $"Via: SIP/2.0/UDP {Address}:{Port};branch=z9hG4bK-{Guid.NewGuid():N};rport\r\n" +
            "Max-Forwards: 70\r\n" +
            $"From: <sip:peer@{Address}>;tag=p{n}\r\n" +
            $"To: <sip:127.0.0.1:{_box.Port}>\r\n" +
            $"Call-ID: {Guid.NewGuid():N}@{Address}\r\n" +
            $"CSeq: {n} OPTIONS\r\n" +
            (userAgent is null ? "" : $"User-Agent: {userAgent}\r\n") +
            "Content-Length: 0\r\n\r\n";
    }

    public Task SendAsync(string message) => _socket.SendAsync(Encoding.ASCII.GetBytes(message), _box).AsTask();

    /// <summary>Sends prepared bytes at once (floods need more packets a second than building each one allows).</summary>
    public void Send(byte[] datagram) => _socket.Send(datagram, datagram.Length, _box);

    /// <summary>The box's answer to <paramref name="request"/>, retransmitting like a phone (UDP may lose one); null when none comes.</summary>
    public async Task<string?> ExchangeAsync(string request, int attempts = 4, int waitMs = 700)
    {
        for (var attempt = 0; attempt < attempts; attempt++)
        {
            await SendAsync(request);
            using var wait = new CancellationTokenSource(waitMs);
            try
            {
                while (true)
                {
                    var received = Encoding.UTF8.GetString((await _socket.ReceiveAsync(wait.Token)).Buffer);
                    // Answers to earlier requests of a flood may still be queued: only this request's counts.
                    if (received.Contains(CallId(request), StringComparison.Ordinal))
                    {
                        return received;
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        return null;
    }

    /// <summary>Counts answers arriving until none has come for <paramref name="quietMs"/> (bounded by <paramref name="maxMs"/>).</summary>
    public async Task<int> DrainAnswersAsync(int quietMs = 500, int maxMs = 10_000)
    {
        var count = 0;
        var total = Stopwatch.StartNew();
        while (total.ElapsedMilliseconds < maxMs)
        {
            using var wait = new CancellationTokenSource(quietMs);
            try
            {
                await _socket.ReceiveAsync(wait.Token);
                count++;
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return count;
    }

    public void Dispose() => _socket.Dispose();

    private static string CallId(string request)
    {
        var start = request.IndexOf("Call-ID: ", StringComparison.Ordinal) + "Call-ID: ".Length;
        return request[start..request.IndexOf('\r', start)];
    }
}
