using HomeTelco.Core.Schedules;
using HomeTelco.Core.Store;
using HomeTelco.Torrent.Schedules;
using Microsoft.Extensions.Time.Testing;

namespace HomeTelco.Torrent.Tests.Schedules;

public sealed class BandwidthScheduleStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly HomeStore _store;

    public BandwidthScheduleStoreTests()
    {
        _store = HomeStore.Open(_folder.Path);
    }

    public void Dispose()
    {
        _store.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public void Schedule_FollowsTheStoredRulesAsTheyAreEdited()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        time.SetLocalTimeZone(TimeZoneInfo.Utc);
        var service = new BandwidthScheduleService(_store);
        using var schedule = new BandwidthSchedule(time, service);
        var changed = 0;
        schedule.Changed += (_, _) => changed++;
        Assert.Equal(BandwidthLimits.Unlimited, schedule.Current());

        var rule = service.Save(new BandwidthRule { Days = WeekDays.Every, StartMinute = 0, EndMinute = 0, UploadBytesPerSecond = 1000 });
        Assert.Equal(new BandwidthLimits(0, 1000), schedule.Current());

        service.Remove(rule.Id);
        Assert.Equal(BandwidthLimits.Unlimited, schedule.Current());
        Assert.Equal(2, changed);

        schedule.Dispose();
        service.Save(rule with { Id = "" });
        Assert.Equal(BandwidthLimits.Unlimited, schedule.Current());
    }
}
