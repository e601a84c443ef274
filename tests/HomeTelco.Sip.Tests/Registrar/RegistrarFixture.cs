using System.Net;
using System.Text;
using HomeTelco.Core.Calls;
using HomeTelco.Core.Extensions;
using HomeTelco.Core.SipSecurity;
using HomeTelco.Core.Settings;
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

namespace HomeTelco.Sip.Tests.Registrar;

/// <summary>
/// The registrar as the engine composes it: a real LiteDB store in a temp folder, the real extension service, digest
/// authenticator, location service and transaction layer, with a transport that records what is sent, on a fake clock.
/// </summary>
internal sealed class RegistrarFixture : IDisposable
{
    public const string Password = "correct-horse-battery";
    public const string Domain = "box.local";

    private readonly TempFolder _folder = new();
    private readonly RegistrarOptions _options;
    private readonly SipLocationOptions _locationOptions;
    private SipRegistrar _registrar = null!;

    /// <summary>What the registrar asked the connection table to pin: connection id and until when.</summary>
    public List<(long ConnectionId, DateTimeOffset Until)> Pins { get; } = [];

    public RegistrarFixture(RegistrarOptions? options = null, SipLocationOptions? locationOptions = null)
    {
        _options = options ?? new RegistrarOptions();
        _locationOptions = locationOptions ?? new SipLocationOptions();
        Time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        Store = HomeStore.Open(_folder.Path);
        Extensions = new ExtensionService(Store, new SettingsStore(Store), Time);
        Extensions.Create("101", "Alice", Password);
        Extensions.Create("102", "Bob", Password + "-bob");
        Transport = new FakeSipTransport(Time);
        Build();
    }

    public static SipEndPoint Udp { get; } = new(SipTransportKind.Udp, new IPEndPoint(IPAddress.Parse("192.0.2.10"), 5060));

    public FakeTimeProvider Time { get; }

    public HomeStore Store { get; }

    public ExtensionService Extensions { get; }

    public FakeSipTransport Transport { get; }

    public SipLocationService Location { get; private set; } = null!;

    public SipTransactionLayer Layer { get; private set; } = null!;

    public string Realm => Extensions.Realm;

    /// <summary>Hands a request to the layer as the front door would (Via stamped for RFC 3581) and returns the answer.</summary>
    public SipMessage Send(string text, SipEndPoint source)
    {
        var parsed = SipParser.Parse(Encoding.UTF8.GetBytes(text), SipFraming.Stream);
        Assert.True(parsed.IsComplete, parsed.Error?.Reason);
        var request = parsed.Message!;
        SipViaStamp.Apply(request, source.EndPoint);
        var before = Transport.Sent.Count;
        Layer.ReceiveRequest(request, source);
        Assert.True(Transport.Sent.Count > before, "the registrar did not answer");
        var (response, destination, _) = Transport.Sent[^1];
        Assert.Equal(source, destination);
        return response;
    }

    /// <summary>A new engine life on the same store: what a restart of the box does to the location service.</summary>
    public void Restart()
    {
        Location.Flush();
        TearDown();
        Build();
    }

    public void Dispose()
    {
        TearDown();
        Store.Dispose();
        _folder.Dispose();
    }

    private void Build()
    {
        var domains = new SipDomains(() => "box", [], Time);
        var guard = new SipGuard(SipGuardOptions.Default, new SipBanService(Store, Time, NullLogger<SipBanService>.Instance), Time, NullLogger.Instance);
        Location = new SipLocationService(Store, Time, _locationOptions, NullLogger.Instance);
        Location.Start(number => Extensions.Find(number) is not null);
        // Both algorithms, MD5 first, so the SHA-256 path stays covered (the box itself offers MD5 alone: SipAuthenticator).
        var authenticator = new SipAuthenticator(Extensions, guard, Time, offered: [DigestAlgorithm.Md5, DigestAlgorithm.Sha256]);
        _registrar = new SipRegistrar(Location, authenticator, domains, guard, Extensions, _options, Time, NullLogger.Instance)
        {
            PinConnection = (id, until) => Pins.Add((id, until)),
        };
        var proxy = new SipProxy(
            new ProxyHop(domains, 5060, null, Time), authenticator, Extensions, Location, guard, new SipCallLog(new CallRecordService(Store), Time, NullLogger.Instance), NullLogger.Instance);
        Layer = new SipTransactionLayer(Transport, new SipCore(_registrar, proxy, domains), Time);
        proxy.Layer = Layer;
    }

    private void TearDown()
    {
        Layer.Dispose();
        _registrar.Dispose();
        Location.Dispose();
    }
}
