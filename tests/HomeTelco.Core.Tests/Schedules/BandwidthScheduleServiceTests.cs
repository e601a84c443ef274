using HomeTelco.Core.Schedules;
using HomeTelco.Core.Store;

namespace HomeTelco.Core.Tests.Schedules;

public sealed class BandwidthScheduleServiceTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private HomeStore _store;

    public BandwidthScheduleServiceTests()
    {
        _store = HomeStore.Open(_folder.Path);
    }

    public void Dispose()
    {
        _store.Dispose();
        _folder.Dispose();
    }

    private static BandwidthRule Evenings => new()
    {
        Name = "Evenings",
        Days = WeekDays.Friday | WeekDays.Saturday,
        StartMinute = 23 * 60,
        EndMinute = 7 * 60,
        DownloadBytesPerSecond = 500_000,
        UploadBytesPerSecond = 50_000,
    };

    [Fact]
    public void Save_NewRule_GetsAnIdAndSurvivesReopeningTheStore()
    {
        var saved = new BandwidthScheduleService(_store).Save(Evenings);
        Assert.NotEmpty(saved.Id);

        _store.Dispose();
        _store = HomeStore.Open(_folder.Path);
        var listed = Assert.Single(new BandwidthScheduleService(_store).List());

        Assert.Equal(saved, listed);
        Assert.Equal(WeekDays.Friday | WeekDays.Saturday, listed.Days);
        Assert.Equal(new TimeOnly(23, 0), listed.Start);
        Assert.Equal(new BandwidthLimits(500_000, 50_000), listed.Limits);
    }

    [Fact]
    public void Save_ExistingId_ReplacesTheRule()
    {
        var service = new BandwidthScheduleService(_store);
        var saved = service.Save(Evenings);

        service.Save(saved with { UploadBytesPerSecond = 10_000, Enabled = false });

        var rule = Assert.Single(service.List());
        Assert.Equal(10_000, rule.UploadBytesPerSecond);
        Assert.False(rule.Enabled);
    }

    [Fact]
    public void Save_UnknownId_IsNotFound()
    {
        var error = Assert.Throws<BoxRequestException>(() => new BandwidthScheduleService(_store).Save(Evenings with { Id = "nope" }));

        Assert.True(error.IsNotFound);
    }

    public static TheoryData<BandwidthRule, string> BadRules => new()
    {
        { Evenings with { Days = WeekDays.None }, "day" },
        { Evenings with { Days = (WeekDays)0x80 }, "day" },
        { Evenings with { StartMinute = 1440 }, "start time" },
        { Evenings with { EndMinute = -1 }, "end time" },
        { Evenings with { DownloadBytesPerSecond = -1 }, "negative" },
        { Evenings with { DownloadBytesPerSecond = 0, UploadBytesPerSecond = 0 }, "must limit" },
        { Evenings with { Name = new string('x', 81) }, "80 characters" },
    };

    [Theory]
    [MemberData(nameof(BadRules))]
    public void Save_BadRule_IsRefusedWithAReason(BandwidthRule rule, string reason)
    {
        var service = new BandwidthScheduleService(_store);

        var error = Assert.Throws<BoxRequestException>(() => service.Save(rule));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Empty(service.List());
    }

    [Fact]
    public void Save_OneRuleTooMany_IsAConflict()
    {
        var service = new BandwidthScheduleService(_store);
        for (var i = 0; i < BandwidthScheduleService.MaxRules; i++)
        {
            service.Save(Evenings with { StartMinute = i });
        }

        var error = Assert.Throws<BoxRequestException>(() => service.Save(Evenings));

        Assert.True(error.IsConflict);
        Assert.Equal(BandwidthScheduleService.MaxRules, service.List().Count);
    }

    [Fact]
    public void Remove_DeletesAndRaisesChanged_UnknownIsNotFound()
    {
        var service = new BandwidthScheduleService(_store);
        var changes = 0;
        service.Changed += () => changes++;
        var saved = service.Save(Evenings);

        service.Remove(saved.Id);

        Assert.Empty(service.List());
        Assert.Equal(2, changes);
        Assert.True(Assert.Throws<BoxRequestException>(() => service.Remove(saved.Id)).IsNotFound);
    }

    [Fact]
    public void List_IsOrderedByStartTime()
    {
        var service = new BandwidthScheduleService(_store);
        service.Save(Evenings with { Name = "late" });
        service.Save(Evenings with { Name = "early", StartMinute = 6 * 60 });

        Assert.Equal(["early", "late"], service.List().Select(r => r.Name));
    }
}
