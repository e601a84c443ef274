using System.Net;
using System.Net.Sockets;
using HomeTelco.Sip.Parsing;
using HomeTelco.Sip.Transport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace HomeTelco.Sip.Tests.Transport;

/// <summary>
/// The real UDP, TCP and (optionally) TLS transports on loopback ports the OS picks, with the connection table on a fake
/// clock (timeouts move only when the test advances it), a sender, and an inbound that records and answers 200.
/// </summary>
internal sealed class TransportHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;

    private TransportHarness(SipTransportOptions options, FakeTimeProvider time, SipUdpTransport udp, SipConnectionTable table, SipStreamTransport streams)
    {
        Options = options;
        Time = time;
        Udp = udp;
        Table = table;
        Streams = streams;
        Sender = new SipSender(udp, table, streams);
        Inbound = new RecordingInbound { AnswerThrough = Sender };
        WebSockets = new SipWebSocketEndpoint();
    }

    public SipTransportOptions Options { get; }

    public FakeTimeProvider Time { get; }

    public SipUdpTransport Udp { get; }

    public SipConnectionTable Table { get; }

    public SipStreamTransport Streams { get; }

    public SipSender Sender { get; }

    public RecordingInbound Inbound { get; }

    public SipWebSocketEndpoint WebSockets { get; }

    public SipParserLimits Limits => new() { MaxMessageSize = Options.MaxMessageSize };

    public IPEndPoint TcpEndPoint => Streams.TcpEndPoint;

    public IPEndPoint TlsEndPoint => Streams.TlsEndPoint!;

    public static TransportHarness Start(SipTransportOptions? options = null, bool tls = false, bool dualStack = false)
    {
        options ??= new SipTransportOptions();
        options = options with { ListenAddress = dualStack ? null : IPAddress.Loopback, Port = 0 };
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var limits = new SipParserLimits { MaxMessageSize = options.MaxMessageSize };
        for (var attempt = 0; ; attempt++)
        {
            var udp = SipUdpTransport.Bind(options, limits, NullLogger.Instance);
            SipStreamListener tcp;
            try
            {
                // Same port number as UDP, as the engine does; another test may hold it on TCP, then try again.
                tcp = SipStreamListener.Bind(SipTransportKind.Tcp, options.ListenAddress, udp.LocalEndPoint.Port);
            }
            catch (SocketException) when (attempt < 20)
            {
                udp.DisposeAsync().AsTask().Wait();
                continue;
            }

            var tlsListener = tls ? SipStreamListener.Bind(SipTransportKind.Tls, options.ListenAddress, 0) : null;
            var table = new SipConnectionTable(options, time, NullLogger.Instance);
            var streams = new SipStreamTransport(table, tcp, tlsListener, tls ? TestCertificates.Server : null, limits, NullLogger.Instance);
            var harness = new TransportHarness(options, time, udp, table, streams);
            harness.Run();
            return harness;
        }
    }

    /// Moves the fake clock in one-second steps, so the table's sweeper looks at every second on the way.
    public void Advance(TimeSpan by)
    {
        for (var done = TimeSpan.Zero; done < by; done += TimeSpan.FromSeconds(1))
        {
            Time.Advance(by - done < TimeSpan.FromSeconds(1) ? by - done : TimeSpan.FromSeconds(1));
        }
    }

    /// Waits until connection <paramref name="id"/> holds part of a message (its message timeout is running).
    public Task UntilMessagePendingAsync(long id = 1) =>
        Wait.UntilAsync(
            () => Table.Find(id) is { } c && c.Expired(Time.GetUtcNow().UtcTicks + Options.MessageTimeout.Ticks + 1, Options) == "message not finished in time",
            "the box holds part of a message");

    /// Waits until connection <paramref name="id"/> has finished its last write and holds no partial message, so that
    /// moving the clock tests the idle rules only (the writer marks a write done just after the peer could read it).
    public Task UntilQuietAsync(long id) =>
        Wait.UntilAsync(
            () => Table.Find(id) is { } c && c.Expired(Time.GetUtcNow().UtcTicks + Options.MessageTimeout.Ticks + 1, Options) is null,
            "the connection is quiet");

    /// A TCP client connected to the box's TCP listener (over IPv4 loopback unless another address is given).
    public async Task<TcpClient> ConnectTcpAsync(IPAddress? address = null, IPEndPoint? to = null)
    {
        to ??= TcpEndPoint;
        var client = new TcpClient(address?.AddressFamily ?? AddressFamily.InterNetwork) { NoDelay = true };
        await client.ConnectAsync(address ?? to.Address, to.Port);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        WebSockets.Detach();
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }

        Streams.Dispose();
        await Table.DisposeAsync();
        await Udp.DisposeAsync();
        _stop.Dispose();
    }

    private void Run()
    {
        Table.Start();
        WebSockets.Attach(Table, Inbound, Limits);
        _running = Task.WhenAll(Udp.RunAsync(Inbound, _stop.Token), Streams.RunAsync(Inbound, _stop.Token));
    }
}
