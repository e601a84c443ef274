using System.Net;
using HomeTelco.Core.SipSecurity;
using HomeTelco.Sip.Defence;

namespace HomeTelco.Sip.Tests.Defence;

public sealed class SipGuardTests
{
    private static readonly SipGuardOptions Defaults = SipGuardOptions.Default;

    [Fact]
    public void Admit_UnknownSource_BurstThenRefilledAtTheRate()
    {
        using var box = new GuardFixture();
        var source = GuardFixture.Source("192.0.2.10");
        var options = GuardFixture.Options();

        Assert.Equal((int)Defaults.UnknownBurst, box.AdmitMany(options, source, 50));

        box.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal((int)Defaults.UnknownRate, box.AdmitMany(options, source, 50));
        Assert.Equal(40, box.Guard.RateLimited);
        Assert.False(box.IsBanned("192.0.2.10"));
    }

    [Fact]
    public void Admit_SustainedExcess_BannedForAnHourThenHeardAgain()
    {
        using var box = new GuardFixture();
        var source = GuardFixture.Source("192.0.2.11");
        var options = GuardFixture.Options();

        // The burst, then ExcessLimit drops within the window: the last of them bans.
        box.AdmitMany(options, source, (int)Defaults.UnknownBurst + Defaults.ExcessLimit - 1);
        Assert.False(box.IsBanned("192.0.2.11"));
        box.AdmitMany(options, source, 1);

        Assert.True(box.IsBanned("192.0.2.11"));
        var ban = Assert.Single(box.Bans.List());
        Assert.StartsWith("Flooding: 100 messages over the rate limit within 10 s", ban.Reason, StringComparison.Ordinal);
        Assert.True(ban.Automatic);
        box.Time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(0, box.AdmitMany(options, source, 1));
        box.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, box.AdmitMany(options, source, 1));
    }

    [Fact]
    public void Admit_ExcessSpreadOverWindows_DroppedButNotBanned()
    {
        using var box = new GuardFixture();
        var source = GuardFixture.Source("192.0.2.12");
        var options = GuardFixture.Options();
        box.AdmitMany(options, source, (int)Defaults.UnknownBurst);

        for (var window = 0; window < 5; window++)
        {
            // 20 admitted (a second of refill) and 80 dropped per 11 s: never 100 drops inside 10 s.
            box.Time.Advance(TimeSpan.FromSeconds(11));
            box.AdmitMany(options, source, (int)Defaults.UnknownBurst + 80);
        }

        Assert.False(box.IsBanned("192.0.2.12"));
        Assert.Equal(0, box.Guard.AutomaticBans);
    }

    [Theory]
    [InlineData("friendly-scanner")]
    [InlineData("Friendly-Scanner 1.0")]
    [InlineData("sipvicious")]
    [InlineData("sipcli/v1.8")]
    [InlineData("VaxSIPUserAgent/3.1")]
    [InlineData("pplsip")]
    [InlineData("sundayddr")]
    [InlineData("iWar")]
    [InlineData("SIPScan")]
    [InlineData("sip-scan")]
    [InlineData("smap 0.6.0")]
    [InlineData("Ozeki VoIP SIP SDK")]
    [InlineData("PortSIP VoIP SDK 11.2")]
    public void Admit_ScannerUserAgent_BannedAtTheFirstPacketThenSilenceForEverything(string agent)
    {
        using var box = new GuardFixture();
        var source = GuardFixture.Source("192.0.2.13");

        Assert.False(box.Guard.Admit(GuardFixture.Options(agent), source));

        Assert.True(box.IsBanned("192.0.2.13"));
        Assert.Contains(agent, Assert.Single(box.Bans.List()).Reason, StringComparison.Ordinal);
        Assert.False(box.Guard.Admit(GuardFixture.Options("Linphone/5.2"), GuardFixture.Source("192.0.2.13", 40000)));
        Assert.False(box.Guard.Admit(GuardFixture.Response(), source));
        Assert.True(box.Guard.Admit(GuardFixture.Options(), GuardFixture.Source("192.0.2.14")));
        Assert.Equal(1, box.Guard.AutomaticBans);
    }

    [Theory]
    [InlineData("Linphone/5.2.0 (belle-sip/5.2.0)")]
    [InlineData("sipsak 0.9.8.1")]
    [InlineData("Yealink SIP-T46S 66.86.0.15")]
    [InlineData("Grandstream GXP2170 1.0.11.3")]
    [InlineData("baresip v1.0.0 (x86_64/linux)")]
    [InlineData("Zoiper rv2.10.19")]
    public void Admit_OrdinaryUserAgent_Admitted(string agent)
    {
        using var box = new GuardFixture();

        Assert.True(box.Guard.Admit(GuardFixture.Options(agent), GuardFixture.Source("192.0.2.15")));
        Assert.Empty(box.Bans.List());
    }

    [Fact]
    public void Admit_ScannerFromLoopback_BannedLikeAnyoneElse()
    {
        using var box = new GuardFixture();

        Assert.False(box.Guard.Admit(GuardFixture.Options("friendly-scanner"), GuardFixture.Source("127.0.0.1")));

        Assert.True(box.IsBanned("127.0.0.1"));
    }

    [Fact]
    public void AuthenticationFailed_FiveWithinFiveMinutes_Banned()
    {
        using var box = new GuardFixture();
        var source = GuardFixture.Source("198.51.100.20");

        for (var i = 0; i < 4; i++)
        {
            box.Guard.AuthenticationFailed(source, "100");
            box.Time.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.False(box.IsBanned("198.51.100.20"));
        box.Guard.AuthenticationFailed(source, "101");

        Assert.True(box.IsBanned("198.51.100.20"));
        Assert.Equal("5 failed authentications within 5 min (the last as \"101\").", Assert.Single(box.Bans.List()).Reason);
    }

    [Fact]
    public void AuthenticationFailed_FiveSpreadOverSixMinutes_NotBanned()
    {
        using var box = new GuardFixture();
        var source = GuardFixture.Source("198.51.100.21");

        for (var i = 0; i < 5; i++)
        {
            box.Guard.AuthenticationFailed(source, "100");
            box.Time.Advance(TimeSpan.FromSeconds(76));
        }

        Assert.False(box.IsBanned("198.51.100.21"));
        box.Guard.AuthenticationFailed(source, "100");
        Assert.False(box.IsBanned("198.51.100.21"));
    }

    [Fact]
    public void AuthenticationFailed_HostileUserName_ReasonKeepsPrintableAsciiOnly()
    {
        using var box = new GuardFixture();
        var source = GuardFixture.Source("198.51.100.22");

        for (var i = 0; i < 5; i++)
        {
            box.Guard.AuthenticationFailed(source, "a\"b\r\nFAKE LOG LINE" + new string('x', 200));
        }

        var reason = Assert.Single(box.Bans.List()).Reason;
        Assert.DoesNotContain('\n', reason);
        Assert.Contains("a?b??FAKE LOG LINE", reason, StringComparison.Ordinal);
        Assert.True(reason.Length < 150, reason);
    }

    [Fact]
    public void Bans_RepeatOffender_OneHourSixHoursThenADayEachTime()
    {
        using var box = new GuardFixture();
        var source = GuardFixture.Source("198.51.100.23");
        var lengths = new List<TimeSpan>();

        for (var offence = 0; offence < 4; offence++)
        {
            box.Guard.Admit(GuardFixture.Options("sipvicious"), source);
            var ban = Assert.Single(box.Bans.List());
            lengths.Add(ban.ExpiresAt!.Value - ban.CreatedAt);
            box.Time.Advance(ban.ExpiresAt.Value - box.Time.GetUtcNow());
        }

        Assert.Equal([TimeSpan.FromHours(1), TimeSpan.FromHours(6), TimeSpan.FromHours(24), TimeSpan.FromHours(24)], lengths);
    }

    [Fact]
    public void Allowlisted_NeverBannedAndGivenAKnownPhonesAllowance()
    {
        Assert.True(IpRange.TryParse("10.0.0.0/8", out var lan, out _));
        using var box = new GuardFixture(Defaults with { Allowlist = [lan] });
        var source = GuardFixture.Source("10.1.2.3");

        Assert.True(box.Guard.Admit(GuardFixture.Options("friendly-scanner"), source));
        for (var i = 0; i < 20; i++)
        {
            box.Guard.AuthenticationFailed(source, "100");
            box.Guard.ProbedUnknown(source, "999");
        }

        Assert.Equal((int)Defaults.KnownBurst - 1, box.AdmitMany(GuardFixture.Options(), source, 1000));
        Assert.Empty(box.Bans.List());
    }

    [Fact]
    public void KnownPhone_ManyAddressFlood_PhoneStillServedRequestsAndResponses()
    {
        using var box = new GuardFixture();
        var phone = GuardFixture.Source("198.51.100.30", 5062);
        box.Guard.Authenticated(phone, "100");
        var options = GuardFixture.Options();

        // 2,000 addresses each within their own allowance drain the budget all unknown sources share.
        var floodAdmitted = 0;
        for (var i = 0; i < 2000; i++)
        {
            floodAdmitted += box.AdmitMany(options, GuardFixture.Source($"203.0.{i / 250}.{(i % 250) + 1}"), 10);
        }

        Assert.Equal((int)Defaults.UnknownTotalBurst, floodAdmitted);
        Assert.False(box.Guard.Admit(options, GuardFixture.Source("192.0.2.99")));
        Assert.Equal(100, box.AdmitMany(options, phone, 100));
        Assert.Equal(100, box.AdmitMany(GuardFixture.Response(), phone, 100));
        Assert.Empty(box.Bans.List());
    }

    [Fact]
    public void KnownPhone_AfterTwoQuietHours_BackToTheUnknownAllowance()
    {
        using var box = new GuardFixture();
        var phone = GuardFixture.Source("198.51.100.31");
        box.Guard.Authenticated(phone, "100");
        box.Time.Advance(Defaults.KnownFor);

        Assert.Equal((int)Defaults.UnknownBurst, box.AdmitMany(GuardFixture.Options(), phone, 100));
    }

    [Fact]
    public void ProbedUnknown_TenWithinFiveMinutes_Banned_ButNotAKnownPhone()
    {
        using var box = new GuardFixture();
        var prober = GuardFixture.Source("198.51.100.40");
        var phone = GuardFixture.Source("198.51.100.41");
        box.Guard.Authenticated(phone, "100");

        for (var i = 0; i < 10; i++)
        {
            box.Guard.ProbedUnknown(prober, (1000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture));
            box.Guard.ProbedUnknown(phone, "999");
        }

        Assert.True(box.IsBanned("198.51.100.40"));
        Assert.StartsWith("Probing: 10 requests for unknown extensions or domains within 5 min (the last for \"1009\")", Assert.Single(box.Bans.List()).Reason, StringComparison.Ordinal);
        Assert.False(box.IsBanned("198.51.100.41"));
    }

    [Fact]
    public void ManualRangeBan_SilencesEveryAddressInIt()
    {
        using var box = new GuardFixture();
        box.Bans.Ban("203.0.113.0/24", "test", null);

        Assert.False(box.Guard.Admit(GuardFixture.Options(), GuardFixture.Source("203.0.113.200")));
        Assert.True(box.Guard.Admit(GuardFixture.Options(), GuardFixture.Source("203.0.114.1")));
        Assert.Equal(1, box.Guard.Silenced);
    }

    [Fact]
    public void Lift_SourceForgiven_StrikesForgottenToo()
    {
        using var box = new GuardFixture();
        var source = GuardFixture.Source("198.51.100.50");
        for (var i = 0; i < 5; i++)
        {
            box.Guard.AuthenticationFailed(source, "100");
        }

        box.Bans.Lift("198.51.100.50");

        Assert.True(box.Guard.Admit(GuardFixture.Options(), source));
        box.Guard.AuthenticationFailed(source, "100");
        Assert.False(box.IsBanned("198.51.100.50"));
    }

    [Fact]
    public void Bans_SurviveARestart_AutomaticAndManual()
    {
        using var box = new GuardFixture();
        box.Guard.Admit(GuardFixture.Options("friendly-scanner"), GuardFixture.Source("192.0.2.60"));
        box.Bans.Ban("192.0.2.61", null, null);

        box.Restart();

        Assert.False(box.Guard.Admit(GuardFixture.Options(), GuardFixture.Source("192.0.2.60")));
        Assert.False(box.Guard.Admit(GuardFixture.Options(), GuardFixture.Source("192.0.2.61")));
        Assert.True(box.Guard.Admit(GuardFixture.Options(), GuardFixture.Source("192.0.2.62")));
    }

    [Fact]
    public void Housekeeping_LapsedManualBanDroppedFromTheList()
    {
        using var box = new GuardFixture();
        box.Bans.Ban("192.0.2.70", null, 5);

        box.Time.Advance(TimeSpan.FromMinutes(6));
        box.Guard.Admit(GuardFixture.Options(), GuardFixture.Source("192.0.2.71"));

        Assert.Null(box.Bans.Find(IpRange.Of(IPAddress.Parse("192.0.2.70"))));
    }
}
