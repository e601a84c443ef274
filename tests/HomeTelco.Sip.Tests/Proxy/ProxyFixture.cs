using System.Net;
using System.Text;
using HomeTelco.Core.Calls;
using HomeTelco.Core.Extensions;
using HomeTelco.Core.Settings;
using HomeTelco.Core.SipSecurity;
using HomeTelco.Core.Store;
using HomeTelco.Sip.Auth;
using HomeTelco.Sip.Calls;
using HomeTelco.Sip.Defence;
using HomeTelco.Sip.Engine;
using HomeTelco.Sip.Location;
using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Parsing;
using HomeTelco.Sip.Proxy;
using HomeTelco.Sip.Registrar;
using HomeTelco.Sip.Tests.Transactions;
using HomeTelco.Sip.Transactions;
using HomeTelco.Sip.Transport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace HomeTelco.Sip.Tests.Proxy;

/// <summary>
/// The proxy on the real transaction layer and SipCore, with a recording transport, a fake clock, an in-memory location
/// service, and real extensions and call records in a LiteDB file of its own. Extensions 101, 102 and 103 exist.
/// </summary>
internal sealed class ProxyFixture : IDisposable
{
    public const string Domain = "box.example";
    public const int Port = 5060;
    public const int TlsPort = 5061;

    private readonly TempFolder _folder = new();
    private readonly HomeStore _store;
    private readonly SipLocationService _registrarLocation;
    private readonly SipRegistrar _registrar;

    public ProxyFixture(Func<IPAddress, IPAddress>? routeProbe = null)
    {
        _store = HomeStore.Open(_folder.Path);
        Extensions = new ExtensionService(_store, new SettingsStore(_store), Time);
        foreach (var number in new[] { "101", "102", "103" })
        {
            Extensions.Create(number, "Phone " + number, PasswordOf(number));
        }

        var guard = new SipGuard(SipGuardOptions.Default, new SipBanService(_store, Time, NullLogger<SipBanService>.Instance), Time, NullLogger.Instance);
        var domains = new SipDomains(() => "box", [Domain], Time);
        Calls = new CallRecordService(_store);
        CallLog = new SipCallLog(Calls, Time, NullLogger.Instance);
        var hop = new ProxyHop(domains, Port, null, Time, routeProbe ?? (_ => BoxAddress), TlsPort);
        var authenticator = new SipAuthenticator(Extensions, guard, Time);
        Proxy = new SipProxy(hop, authenticator, Extensions, Location, guard, CallLog, NullLogger.Instance);
        Transport = new FakeSipTransport(Time);
        // REGISTER is not what these tests are about, but SipCore routes it: a real registrar over its own location service.
        _registrarLocation = new SipLocationService(_store, Time, new SipLocationOptions(), NullLogger.Instance);
        _registrar = new SipRegistrar(_registrarLocation, authenticator, domains, guard, Extensions, new RegistrarOptions(), Time, NullLogger.Instance);
        var core = new SipCore(_registrar, Proxy, domains);
        Layer = new SipTransactionLayer(Transport, core, Time);
        core.Layer = Layer;
        Proxy.Layer = Layer;
    }

    /// <summary>The address the box puts in its Via and Record-Route unless the test's route probe says otherwise (loopback: always one of its own).</summary>
    public static IPAddress BoxAddress { get; } = IPAddress.Parse("127.0.0.1");

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));

    public ExtensionService Extensions { get; }

    public InMemoryLocation Location { get; } = new();

    public CallRecordService Calls { get; }

    public SipCallLog CallLog { get; }

    public SipProxy Proxy { get; }

    public FakeSipTransport Transport { get; }

    public SipTransactionLayer Layer { get; }

    public string Realm => Extensions.Realm;

    public static string PasswordOf(string number) => "Pass-" + new string(number.Select(d => (char)(d - '0' + 'k')).ToArray()) + "-word";

    public static SipEndPoint Udp(string address, int port) => new(SipTransportKind.Udp, new IPEndPoint(IPAddress.Parse(address), port));

    public static SipEndPoint Tcp(string address, int port, long connection) => Stream(SipTransportKind.Tcp, address, port, connection);

    public static SipEndPoint Stream(SipTransportKind transport, string address, int port, long connection) => new(transport, new IPEndPoint(IPAddress.Parse(address), port), connection);

    public static SipMessage Parse(string text)
    {
        var result = SipParser.Parse(Encoding.UTF8.GetBytes(text), SipFraming.Stream);
        Assert.True(result.IsComplete, result.Error?.Reason);
        return result.Message!;
    }

    /// <summary>A phone of <paramref name="number"/> registered from <paramref name="flow"/> with <paramref name="contact"/>.</summary>
    public SipBinding Register(string number, string contact, SipEndPoint flow, bool behindNat = false, float q = 1, IReadOnlyList<string>? path = null)
    {
        var binding = new SipBinding(number, contact, q, Time.GetUtcNow().AddHours(1), "reg-" + Guid.NewGuid().ToString("N"), 1, flow, path ?? [], "test-phone", behindNat, null, null);
        Location.Add(binding);
        return binding;
    }

    /// <summary>What the front door does with a message from <paramref name="source"/>, then the transaction layer.</summary>
    public void Receive(SipMessage message, SipEndPoint source)
    {
        if (message.IsRequest)
        {
            SipViaStamp.Apply(message, source.EndPoint);
            Layer.ReceiveRequest(message, source);
        }
        else
        {
            Layer.ReceiveResponse(message, source);
        }
    }

    /// <summary>Messages sent so far to <paramref name="destination"/> (same transport and address) that match.</summary>
    public List<SipMessage> SentTo(SipEndPoint destination, Func<SipMessage, bool>? filter = null) =>
        Transport.Sent.Where(s => ProxyRouting.SameFlow(s.Destination, destination) && (filter?.Invoke(s.Message) ?? true)).Select(s => s.Message).ToList();

    public List<SipMessage> RequestsTo(SipEndPoint destination, string method) =>
        SentTo(destination, m => m.IsRequest && m.Method == method);

    public List<SipMessage> ResponsesTo(SipEndPoint destination, string method) =>
        SentTo(destination, m => !m.IsRequest && m.GetCSeq().Value!.Method == method);

    /// <summary>Moves the clock in 100 ms steps so each timer fires at its own time and re-arms from there.</summary>
    public void Advance(TimeSpan by)
    {
        var step = TimeSpan.FromMilliseconds(100);
        while (by > TimeSpan.Zero)
        {
            var next = by < step ? by : step;
            Time.Advance(next);
            by -= next;
        }
    }

    /// <summary>
    /// The call records so far: those written (attempts that are over) and those of answered calls still in progress,
    /// which the log writes only when they end.
    /// </summary>
    public IReadOnlyList<CallRecord> CallRecords()
    {
        CallLog.Flush();
        return [.. CallLog.InProgress(), .. Calls.List(100)];
    }

    public void Dispose()
    {
        Layer.Dispose();
        _registrar.Dispose();
        _registrarLocation.Dispose();
        _store.Dispose();
        _folder.Dispose();
    }
}
