using System.Net;
using System.Text;
using HomeTelco.Core.SipSecurity;
using HomeTelco.Core.Store;
using HomeTelco.Sip.Defence;
using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Parsing;
using HomeTelco.Sip.Transport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace HomeTelco.Sip.Tests.Defence;

/// <summary>A guard over a real ban list in a real store (temp folder), on a fake clock.</summary>
internal sealed class GuardFixture : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hometelco-guard-").FullName;
    private readonly SipGuardOptions _options;

    public GuardFixture(SipGuardOptions? options = null)
    {
        _options = options ?? SipGuardOptions.Default;
        Store = HomeStore.Open(_folder);
        Bans = new SipBanService(Store, Time, NullLogger<SipBanService>.Instance);
        Guard = new SipGuard(_options, Bans, Time, NullLogger.Instance);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));

    public HomeStore Store { get; private set; }

    public SipBanService Bans { get; private set; }

    public SipGuard Guard { get; private set; }

    /// <summary>Writes pending bans, closes the store and opens everything again, as a restart does.</summary>
    public void Restart()
    {
        Bans.Flush();
        Store.Dispose();
        Store = HomeStore.Open(_folder);
        Bans = new SipBanService(Store, Time, NullLogger<SipBanService>.Instance);
        Guard = new SipGuard(_options, Bans, Time, NullLogger.Instance);
    }

    public static SipEndPoint Source(string address, int port = 5060) => new(SipTransportKind.Udp, new IPEndPoint(IPAddress.Parse(address), port));

    public static SipMessage Options(string? userAgent = null) => Parse(
        "OPTIONS sip:box.example SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-guard\r\n" +
        "Max-Forwards: 70\r\n" +
        "From: <sip:tester@example.invalid>;tag=t1\r\n" +
        "To: <sip:box.example>\r\n" +
        "Call-ID: guard-test@example.invalid\r\n" +
        "CSeq: 1 OPTIONS\r\n" +
        (userAgent is null ? "" : $"User-Agent: {userAgent}\r\n") +
        "Content-Length: 0\r\n\r\n");

    public static SipMessage Response() => Parse(
        "SIP/2.0 180 Ringing\r\n" +
        "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-guard\r\n" +
        "From: <sip:tester@example.invalid>;tag=t1\r\n" +
        "To: <sip:box.example>;tag=t2\r\n" +
        "Call-ID: guard-test@example.invalid\r\n" +
        "CSeq: 1 INVITE\r\n" +
        "Content-Length: 0\r\n\r\n");

    /// <summary>How many of <paramref name="count"/> messages the guard lets through.</summary>
    public int AdmitMany(SipMessage message, SipEndPoint source, int count)
    {
        var admitted = 0;
        for (var i = 0; i < count; i++)
        {
            admitted += Guard.Admit(message, source) ? 1 : 0;
        }

        return admitted;
    }

    public bool IsBanned(string address) => Bans.IsBanned(IpRange.KeyOf(IPAddress.Parse(address)));

    public void Dispose()
    {
        Bans.Flush();
        Store.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static SipMessage Parse(string text)
    {
        var result = SipParser.Parse(Encoding.ASCII.GetBytes(text), SipFraming.Datagram);
        Assert.True(result.IsComplete, result.Error?.Reason);
        return result.Message!;
    }
}
