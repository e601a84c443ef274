using System.Net;
using HomeTelco.Core.SipSecurity;
using HomeTelco.Core.Store;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace HomeTelco.Core.Tests.SipSecurity;

public sealed class SipBanServiceTests : IDisposable
{
    private static readonly TimeSpan[] Ladder = [TimeSpan.FromHours(1), TimeSpan.FromHours(6), TimeSpan.FromHours(24)];

    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));
    private readonly Queue<Action> _writer = new();
    private HomeStore _store;

    public SipBanServiceTests()
    {
        _store = HomeStore.Open(_folder.Path);
    }

    public void Dispose()
    {
        _store.Dispose();
        _folder.Dispose();
    }

    // The service with its write-behind work held in a queue the test runs when it chooses.
    private SipBanService NewService() => new(_store, _time, NullLogger.Instance, _writer.Enqueue);

    private void RunWriter()
    {
        while (_writer.TryDequeue(out var work))
        {
            work();
        }
    }

    private SipBanService Reopen()
    {
        _store.Dispose();
        _store = HomeStore.Open(_folder.Path);
        return NewService();
    }

    private List<SipBan> Stored() => [.. _store.Collection<SipBan>(Collections.SipBans).FindAll()];

    private static UInt128 Key(string address) => IpRange.KeyOf(IPAddress.Parse(address));

    [Fact]
    public void Ban_Manual_BannedListedAndSurvivesRestart()
    {
        var bans = NewService();

        var ban = bans.Ban("203.0.113.0/24", "  office scanner  ", null);

        Assert.Equal("203.0.113.0/24", ban.Address);
        Assert.Equal("office scanner", ban.Reason);
        Assert.False(ban.Automatic);
        Assert.True(ban.IsPermanent);
        Assert.True(bans.IsBanned(Key("203.0.113.77")));
        Assert.False(bans.IsBanned(Key("203.0.114.1")));
        Assert.Single(Stored());

        var reopened = Reopen();
        Assert.True(reopened.IsBanned(Key("203.0.113.77")));
        var listed = Assert.Single(reopened.List());
        Assert.Equal(("203.0.113.0/24", "office scanner", false, (DateTimeOffset?)null), (listed.Address, listed.Reason, listed.Automatic, listed.ExpiresAt));
    }

    [Fact]
    public void Ban_Timed_LapsesAndExpireDropsIt()
    {
        var bans = NewService();
        bans.Ban("198.51.100.7", null, 30);

        _time.Advance(TimeSpan.FromMinutes(29));
        Assert.True(bans.IsBanned(Key("198.51.100.7")));
        Assert.Equal(1, bans.ActiveCount());

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.False(bans.IsBanned(Key("198.51.100.7")));
        Assert.Empty(bans.List());

        Assert.Equal(1, bans.Expire());
        RunWriter();
        Assert.Empty(Stored());
    }

    [Theory]
    [InlineData("10.0.0.0/7", null, null, "ban at most a /8 IPv4 range")]
    [InlineData("2001::/16", null, null, "ban at most a /32 IPv6 range")]
    [InlineData("10.0.0.1", null, 0, "minutes must be from 1 to 525600")]
    [InlineData("10.0.0.1", null, 525601, "minutes must be from 1 to 525600")]
    [InlineData("10.0.0.1", "line\nbreak", null, "without control characters")]
    [InlineData("nonsense", null, null, "is not an IP address")]
    public void Ban_BadRequest_RefusedWithReason(string address, string? reason, int? minutes, string message)
    {
        var bans = NewService();

        var error = Assert.Throws<BoxRequestException>(() => bans.Ban(address, reason, minutes));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.False(error.IsConflict || error.IsNotFound);
        Assert.Empty(bans.List());
    }

    [Fact]
    public void Ban_ReasonTooLong_Refused()
    {
        var error = Assert.Throws<BoxRequestException>(() => NewService().Ban("10.0.0.1", new string('x', 201), null));

        Assert.Contains("limited to 200 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lift_Banned_GoneFromMemoryAndStoreAndReported()
    {
        var bans = NewService();
        bans.Ban("2001:db8::/48", null, null);
        IpRange? lifted = null;
        bans.Lifted += r => lifted = r;

        bans.Lift("2001:DB8::/48");

        Assert.False(bans.IsBanned(Key("2001:db8::5")));
        Assert.Empty(Stored());
        Assert.Equal("2001:db8::/48", lifted?.ToString());
    }

    [Fact]
    public void Lift_NotBanned_NotFound()
    {
        var error = Assert.Throws<BoxRequestException>(() => NewService().Lift("192.0.2.1"));

        Assert.True(error.IsNotFound);
        Assert.Contains("192.0.2.1 is not banned", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BanAutomatically_RepeatOffender_LadderClimbsCapsAndIsRememberedAcrossRestart()
    {
        var bans = NewService();
        var key = Key("192.0.2.50");
        var lengths = new List<TimeSpan>();
        for (var offence = 0; offence < 4; offence++)
        {
            var ban = bans.BanAutomatically(key, "scanner", Ladder)!;
            lengths.Add(ban.ExpiresAt!.Value - ban.CreatedAt);
            Assert.Null(bans.BanAutomatically(key, "again while banned", Ladder));
            RunWriter();
            if (offence == 1)
            {
                bans = Reopen();
            }

            _time.Advance(ban.ExpiresAt.Value - _time.GetUtcNow());
            Assert.False(bans.IsBanned(key));
        }

        Assert.Equal([TimeSpan.FromHours(1), TimeSpan.FromHours(6), TimeSpan.FromHours(24), TimeSpan.FromHours(24)], lengths);
        Assert.Equal(4, bans.Find(IpRange.Of(key))!.Offences);
    }

    [Fact]
    public void BanAutomatically_AfterAWeekOfGoodBehaviour_FirstOffenceAgain()
    {
        var bans = NewService();
        var key = Key("192.0.2.51");
        bans.BanAutomatically(key, "scanner", Ladder);
        _time.Advance(TimeSpan.FromHours(1) + SipBanPolicy.RememberOffencesFor);

        Assert.Equal(1, bans.Expire());
        RunWriter();

        Assert.Empty(Stored());
        Assert.Equal(TimeSpan.FromHours(1), bans.BanAutomatically(key, "scanner", Ladder)!.ExpiresAt - _time.GetUtcNow());
    }

    [Fact]
    public void BanAutomatically_InsideABannedRange_NothingNew()
    {
        var bans = NewService();
        bans.Ban("192.0.2.0/24", null, null);

        Assert.Null(bans.BanAutomatically(Key("192.0.2.9"), "scanner", Ladder));
        Assert.Single(bans.List());
    }

    [Fact]
    public void BanAutomatically_WritesNothingUntilTheWriterRuns()
    {
        var bans = NewService();

        bans.BanAutomatically(Key("192.0.2.60"), "flood", Ladder);
        bans.BanAutomatically(Key("192.0.2.61"), "flood", Ladder);

        Assert.Empty(Stored());
        Assert.Single(_writer);
        RunWriter();
        Assert.Equal(["192.0.2.60", "192.0.2.61"], Stored().Select(b => b.Address).Order(StringComparer.Ordinal));
        Assert.True(Reopen().IsBanned(Key("192.0.2.61")));
    }

    [Fact]
    public void Lift_BeforeTheWriterRuns_StoreEndsUpWithoutTheBan()
    {
        var bans = NewService();
        bans.BanAutomatically(Key("192.0.2.70"), "flood", Ladder);

        bans.Lift("192.0.2.70");
        RunWriter();

        Assert.Empty(Stored());
        Assert.False(Reopen().IsBanned(Key("192.0.2.70")));
    }

    [Fact]
    public void Flush_WritesWhatWasQueued()
    {
        var bans = NewService();
        bans.BanAutomatically(Key("192.0.2.80"), "probe", Ladder);

        bans.Flush();

        Assert.Single(Stored());
    }

    [Fact]
    public void Ban_OverAnAutomaticBan_BecomesManual()
    {
        var bans = NewService();
        bans.BanAutomatically(Key("192.0.2.90"), "flood", Ladder);

        var ban = bans.Ban("192.0.2.90", "for good", null);
        RunWriter();

        Assert.False(ban.Automatic);
        Assert.True(ban.IsPermanent);
        Assert.Equal("for good", Assert.Single(Stored()).Reason);
    }

    [Fact]
    public void Restore_ListReadAgainAndQueuedWritesOfTheOldContentsDropped()
    {
        var bans = NewService();
        bans.Ban("192.0.2.100", "in the backup", null);
        var backup = _folder.File("bans.htbackup");
        using (var output = File.Create(backup))
        {
            new BackupService(_store, _time).Write(output);
        }

        bans.Lift("192.0.2.100");
        bans.Ban("192.0.2.101", "after the backup", null);
        bans.BanAutomatically(Key("192.0.2.102"), "flood", Ladder);

        new BackupService(_store, _time, [bans]).Restore(backup);
        RunWriter();

        Assert.Equal(["192.0.2.100"], bans.List().Select(b => b.Address));
        Assert.True(bans.IsBanned(Key("192.0.2.100")));
        Assert.False(bans.IsBanned(Key("192.0.2.101")));
        Assert.False(bans.IsBanned(Key("192.0.2.102")));
        Assert.Equal(["192.0.2.100"], Stored().Select(b => b.Address));
    }

    [Fact]
    public void BanAutomatically_ListFull_SoonestToLapseMakesRoom()
    {
        var bans = NewService();
        var first = Key("10.0.0.0");
        for (var i = 0; i < SipBanPolicy.MaxAutomaticBans + 1; i++)
        {
            bans.BanAutomatically(first + (UInt128)i, "flood", Ladder);
            _time.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal(SipBanPolicy.MaxAutomaticBans, bans.ActiveCount());
        Assert.False(bans.IsBanned(first));
        Assert.True(bans.IsBanned(first + 1));
        Assert.True(bans.IsBanned(first + (UInt128)SipBanPolicy.MaxAutomaticBans));
    }
}
