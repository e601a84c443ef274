using System.Globalization;
using System.Net.Sockets;
using HomeTelco.Core.Engines;
using HomeTelco.Core.Extensions;
using HomeTelco.Sip.Auth;
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
/// The SIP engine as the host sees it: binds the UDP and TCP listeners when the box starts (never in a
/// constructor), runs their loops until it stops, and reports its state. A port that cannot be bound
/// leaves the engine degraded with the reason; the rest of the box keeps running.
/// </summary>
internal sealed class SipEngine(SipTransportOptions options, SipDomains domains, ExtensionService extensions, SipLocationService location, TimeProvider time, ILogger<SipEngine> logger) : BackgroundService, IEngineStatusSource
{
    private readonly SipCounters _counters = new();
    private volatile string? _failure;
    private SipUdpTransport? _udp;
    private SipTcpTransport? _tcp;

    /// <summary>The bound UDP endpoint once running (tests ask for port 0 and read the real one here).</summary>
    public System.Net.IPEndPoint? UdpEndPoint => _udp?.LocalEndPoint;

    public System.Net.IPEndPoint? TcpEndPoint => _tcp?.LocalEndPoint;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Port == 0)
        {
            return;
        }

        var limits = new SipParserLimits { MaxMessageSize = options.MaxMessageSize };
        try
        {
            _udp = SipUdpTransport.Bind(options, limits, logger);
            // TCP takes the same port number as UDP (RFC 3263 clients try both on one port).
            _tcp = SipTcpTransport.Bind(options with { Port = _udp.LocalEndPoint.Port }, limits, logger);
        }
        catch (SocketException ex)
        {
            _failure = ex.Message;
            Log.BindFailed(logger, options.Port, ex.Message);
            return;
        }

        Log.Listening(logger, _udp.LocalEndPoint.ToString(), _tcp.LocalEndPoint.ToString());
        location.Start(number => extensions.Find(number) is not null);
        var sender = new SipSender(_udp, _tcp);
        var guard = new SipGuard();
        var authenticator = new SipAuthenticator(extensions, guard, time);
        using var registrar = new SipRegistrar(location, authenticator, domains, guard, extensions, new RegistrarOptions(), time, logger);
        var core = new SipCore(registrar, new SipProxy(), domains);
        using var layer = new SipTransactionLayer(sender, core, time);
        sender.Layer = layer;
        core.Layer = layer;
        var frontDoor = new SipFrontDoor(layer, sender, guard, _counters, time, logger);
        try
        {
            await Task.WhenAll(_udp.RunAsync(frontDoor, stoppingToken), _tcp.RunAsync(frontDoor, stoppingToken), location.RunWriterAsync(stoppingToken)).ConfigureAwait(false);
        }
        finally
        {
            await _udp.DisposeAsync().ConfigureAwait(false);
            await _tcp.DisposeAsync().ConfigureAwait(false);

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

        if (_udp is null)
        {
            return new EngineStatus("sip", "Phones", EngineState.Starting, "Starting the SIP listeners.", []);
        }

        return new EngineStatus(
            "sip",
            "Phones",
            EngineState.Ready,
            "Answering SIP on UDP and TCP; phones can register. Calls come with the proxy.",
            [
                new("SIP port", _udp.LocalEndPoint.Port.ToString(CultureInfo.InvariantCulture)),
                new("Extensions", extensions.Count.ToString(CultureInfo.InvariantCulture)),
                new("Registered devices", location.Count.ToString(CultureInfo.InvariantCulture)),
                new("Requests", _counters.Requests.ToString(CultureInfo.InvariantCulture)),
                new("Bad messages", _counters.BadMessages.ToString(CultureInfo.InvariantCulture)),
                new("TCP connections", (_tcp?.OpenConnections ?? 0).ToString(CultureInfo.InvariantCulture)),
            ]);
    }

    public IEnumerable<EngineMetric> GetMetrics()
    {
        yield return new("hometelco_sip_requests_total", _counters.Requests, "SIP requests received.", "counter");
        yield return new("hometelco_sip_responses_total", _counters.Responses, "SIP responses received.", "counter");
        yield return new("hometelco_sip_bad_messages_total", _counters.BadMessages, "SIP messages refused or dropped as malformed.", "counter");
        yield return new("hometelco_sip_ignored_messages_total", _counters.IgnoredMessages, "SIP messages from banned or rate-limited sources, dropped unanswered.", "counter");
        yield return new("hometelco_sip_tcp_connections", _tcp?.OpenConnections ?? 0, "Open SIP TCP connections.");
        yield return new("hometelco_sip_registrations", location.Count, "Registered phone contacts (bindings in the location service).");
    }
}
