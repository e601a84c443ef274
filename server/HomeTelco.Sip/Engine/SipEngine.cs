using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using HomeTelco.Core.Calls;
using HomeTelco.Core.Engines;
using HomeTelco.Core.Extensions;
using HomeTelco.Sip.Auth;
using HomeTelco.Sip.Calls;
using HomeTelco.Sip.Defence;
using HomeTelco.Sip.Location;
using HomeTelco.Sip.Parsing;
using HomeTelco.Sip.Proxy;
using HomeTelco.Sip.Registrar;
using HomeTelco.Sip.Transactions;
using HomeTelco.Sip.Transport;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HomeTelco.Sip.Engine;

/// <summary>
/// The SIP engine as the host sees it: binds the UDP, TCP and TLS listeners when the box starts (never in a
/// constructor), serves WebSocket clients the web server hands over, runs until it stops, and reports its state. A port
/// that cannot be bound leaves the engine degraded with the reason (TLS alone: TLS off, the rest running).
/// </summary>
internal sealed class SipEngine(
    SipTransportOptions options,
    Func<X509Certificate2>? certificate,
    IReadOnlyList<DigestAlgorithm> offeredDigest,
    SipWebSocketEndpoint webSockets,
    SipDomains domains,
    ExtensionService extensions,
    SipLocationService location,
    SipGuard guard,
    CallRecordService calls,
    TimeProvider time,
    ILogger<SipEngine> logger,
    Func<SipTransactionOptions>? transactionOptions = null) : BackgroundService, IEngineStatusSource
{
    // One blocking receive thread per core, up to this many: beyond four, a home box's SIP traffic gains nothing.
    private const int MaxReceiveThreads = 4;

    private readonly SipCounters _counters = new();
    private volatile string? _failure;
    private volatile string? _tlsFailure;
    private SipUdpTransport? _udp;
    private SipStreamTransport? _streams;
    private SipCallLog? _callLog;

    /// <summary>The bound UDP endpoint once running (tests ask for port 0 and read the real one here).</summary>
    public System.Net.IPEndPoint? UdpEndPoint => _udp?.LocalEndPoint;

    public System.Net.IPEndPoint? TcpEndPoint => _streams?.TcpEndPoint;

    public System.Net.IPEndPoint? TlsEndPoint => _streams?.TlsEndPoint;

    /// <summary>
    /// The stream connections once running: <see cref="SipConnectionTable.ConnectionClosed"/> ends the flows bound to a
    /// connection, <see cref="SipConnectionTable.Pin"/> keeps a registration's connection open.
    /// </summary>
    public SipConnectionTable? Connections { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Port == 0)
        {
            return;
        }

        var limits = new SipParserLimits { MaxMessageSize = options.MaxMessageSize };
        SipStreamListener tcp;
        try
        {
            _udp = SipUdpTransport.Bind(options, limits, logger);
            // TCP takes the same port number as UDP (RFC 3263 clients try both on one port).
            tcp = SipStreamListener.Bind(SipTransportKind.Tcp, options.ListenAddress, _udp.LocalEndPoint.Port);
        }
        catch (SocketException ex)
        {
            _failure = ex.Message;
            Log.BindFailed(logger, options.Port, ex.Message);
            if (_udp is not null)
            {
                await _udp.DisposeAsync().ConfigureAwait(false);
                _udp = null;
            }

            return;
        }

        using var boxCertificate = options.TlsPort > 0 ? LoadCertificate() : null;
        var tls = boxCertificate is null ? null : BindTls();
        Log.Listening(logger, _udp.LocalEndPoint.ToString(), tcp.LocalEndPoint.ToString());
        if (tls is not null)
        {
            Log.TlsListening(logger, tls.LocalEndPoint.ToString());
        }

        await using var connections = new SipConnectionTable(options, time, logger, firstId: time.GetUtcNow().ToUnixTimeMilliseconds() * 1000);
        using var streams = new SipStreamTransport(connections, tcp, tls, boxCertificate, limits, logger);
        location.Start(number => extensions.Find(number) is not null);
        var sender = new SipSender(_udp, connections, streams);
        var authenticator = new SipAuthenticator(extensions, guard, time, offered: offeredDigest);
        using var registrar = new SipRegistrar(location, authenticator, domains, guard, extensions, new RegistrarOptions(), time, logger);
        var callLog = _callLog = new SipCallLog(calls, time, logger);
        var hop = new ProxyHop(domains, _udp.LocalEndPoint.Port, options.ListenAddress, time, tlsPort: tls?.LocalEndPoint.Port);
        var flowTokens = SipFlowTokens.CreateRandom();
        var receiveThreads = Math.Clamp(Environment.ProcessorCount, 1, MaxReceiveThreads);
        using var lanes = SipLanes.Create(
            SipLanes.ForCores(receiveThreads),
            transactionOptions?.Invoke() ?? new SipTransactionOptions(),
            sender,
            registrar,
            domains,
            // One flow-token key for every lane: a token minted by one lane's Record-Route is good in all of them.
            () => new SipProxy(hop, authenticator, extensions, location, guard, callLog, logger, tokens: flowTokens),
            time);
        sender.SendFailed = lanes.ReportSendFailure;
        connections.SendFailed = lanes.ReportSendFailure;
        connections.Refuses = guard.IsBanned;
        var frontDoor = new SipFrontDoor(lanes, sender, guard, _counters, time, logger);

        // A closed connection takes the registrations that can only be reached over it (RFC 5626 §5.3, NAT'd phones).
        connections.ConnectionClosed += (_, e) => location.RemoveFlow(e.Transport, e.ConnectionId);

        registrar.PinConnection = (id, until) => connections.Pin(id, until);
        using var keepAlive = new SipKeepAlive(_udp, location.NatUdpFlows, options.KeepAliveInterval, time, logger);
        Connections = connections;
        _streams = streams;
        connections.Start();
        keepAlive.Start();
        webSockets.Attach(connections, frontDoor, limits);
        try
        {
            await Task.WhenAll(
                _udp.RunAsync(frontDoor, receiveThreads, stoppingToken), streams.RunAsync(frontDoor, stoppingToken), location.RunWriterAsync(stoppingToken), callLog.RunAsync(stoppingToken)).ConfigureAwait(false);
        }
        finally
        {
            webSockets.Detach();
            await _udp.DisposeAsync().ConfigureAwait(false);

            // What the listeners changed after the writer's last batch.
            location.Flush();
        }
    }

    public EngineStatus GetStatus()
    {
        if (options.Port == 0)
        {
            return new EngineStatus("sip", "Phones", EngineState.Ready, "SIP is turned off (--sip-port 0).", []);
        }

        if (_failure is not null)
        {
            return new EngineStatus("sip", "Phones", EngineState.Degraded, $"Cannot listen on port {options.Port}: {_failure}", []);
        }

        if (_udp is null || _streams is null)
        {
            return new EngineStatus("sip", "Phones", EngineState.Starting, "Starting the SIP listeners.", []);
        }

        var tls = _streams.TlsEndPoint;
        var transports = tls is null ? "UDP, TCP and WebSocket" : "UDP, TCP, TLS and WebSocket";
        var message = $"Answering SIP on {transports}: phones register and call each other through the box." + (_tlsFailure is null ? "" : $" TLS is off: {_tlsFailure}.");
        return new EngineStatus(
            "sip",
            "Phones",
            EngineState.Ready,
            message,
            [
                new("SIP port", _udp.LocalEndPoint.Port.ToString(CultureInfo.InvariantCulture)),
                new("SIP TLS port", tls is null ? "off" : tls.Port.ToString(CultureInfo.InvariantCulture)),
                new("Extensions", extensions.Count.ToString(CultureInfo.InvariantCulture)),
                new("Registered devices", location.Count.ToString(CultureInfo.InvariantCulture)),
                new("Calls in progress", (_callLog?.ActiveCalls ?? 0).ToString(CultureInfo.InvariantCulture)),
                new("Requests", _counters.Requests.ToString(CultureInfo.InvariantCulture)),
                new("Bad messages", _counters.BadMessages.ToString(CultureInfo.InvariantCulture)),
                new("Connections", (Connections?.Count ?? 0).ToString(CultureInfo.InvariantCulture)),
                new("Blocked sources", guard.BannedSources.ToString(CultureInfo.InvariantCulture)),
            ]);
    }

    public IEnumerable<EngineMetric> GetMetrics()
    {
        yield return new("hometelco_sip_requests_total", _counters.Requests, "SIP requests received.", "counter");
        yield return new("hometelco_sip_responses_total", _counters.Responses, "SIP responses received.", "counter");
        yield return new("hometelco_sip_bad_messages_total", _counters.BadMessages, "SIP messages refused or dropped as malformed.", "counter");
        yield return new("hometelco_sip_ignored_messages_total", _counters.IgnoredMessages, "SIP messages from banned or rate-limited sources, dropped unanswered.", "counter");
        yield return new("hometelco_sip_banned_sources", guard.BannedSources, "Sources the SIP defence does not answer (bans in force).");
        yield return new("hometelco_sip_rate_limited_total", guard.RateLimited, "SIP messages dropped for running over a rate limit.", "counter");
        yield return new("hometelco_sip_automatic_bans_total", guard.AutomaticBans, "Bans the SIP defence set on its own (scanners, failed logins, probes, floods).", "counter");
        yield return new("hometelco_sip_tcp_connections", Connections?.CountOf(SipTransportKind.Tcp) ?? 0, "Open SIP TCP connections.");
        yield return new("hometelco_sip_tls_connections", Connections?.CountOf(SipTransportKind.Tls) ?? 0, "Open SIP TLS connections.");
        yield return new("hometelco_sip_ws_connections", Connections?.CountOf(SipTransportKind.Ws) ?? 0, "Open SIP WebSocket connections over HTTP.");
        yield return new("hometelco_sip_wss_connections", Connections?.CountOf(SipTransportKind.Wss) ?? 0, "Open SIP WebSocket connections over HTTPS.");
        yield return new("hometelco_sip_registrations", location.Count, "Registered phone contacts (bindings in the location service).");
        yield return new("hometelco_sip_calls_active", _callLog?.ActiveCalls ?? 0, "Answered calls through the proxy that have not ended yet.");
    }

    private X509Certificate2? LoadCertificate()
    {
        if (certificate is null)
        {
            TlsOff("no certificate was given to the SIP engine");
            return null;
        }

        try
        {
            return certificate();
        }
        catch (Exception ex) when (ex is IOException or CryptographicException or UnauthorizedAccessException)
        {
            TlsOff("the box's certificate could not be loaded: " + ex.Message);
            return null;
        }
    }

    private SipStreamListener? BindTls()
    {
        try
        {
            return SipStreamListener.Bind(SipTransportKind.Tls, options.ListenAddress, options.TlsPort);
        }
        catch (SocketException ex)
        {
            TlsOff($"cannot listen on port {options.TlsPort}: {ex.Message}");
            return null;
        }
    }

    private void TlsOff(string reason)
    {
        _tlsFailure = reason;
        Log.TlsUnavailable(logger, reason);
    }
}
