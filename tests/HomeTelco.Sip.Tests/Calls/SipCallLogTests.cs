using HomeTelco.Core.Calls;
using HomeTelco.Core.Store;
using HomeTelco.Sip.Calls;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace HomeTelco.Sip.Tests.Calls;

public sealed class SipCallLogTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly HomeStore _store;
    private readonly CallRecordService _records;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));

    public SipCallLogTests()
    {
        _store = HomeStore.Open(_folder.Path);
        _records = new CallRecordService(_store);
    }

    public void Dispose()
    {
        _store.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public void Attempt_AnsweredThenEnded_StoredOnceWithItsTimesOnlyAfterFlush()
    {
        var log = new SipCallLog(_records, _time, NullLogger.Instance);
        var attempt = log.Start("call-a", "101", "Alice", "102");
        _time.Advance(TimeSpan.FromSeconds(5));
        log.Answered(attempt, 200, "OK");
        _time.Advance(TimeSpan.FromSeconds(60));
        log.Ended("call-a", "Hung up by 102");
        Assert.Equal(0, _records.Count);

        Assert.Equal(1, log.Flush());

        var record = Assert.Single(_records.List());
        Assert.Equal(TimeSpan.FromSeconds(60), record.Duration);
        Assert.Equal("Hung up by 102", record.Reason);
        Assert.Equal(200, record.ResultCode);
        Assert.Equal("Alice", record.CallerName);
    }

    [Fact]
    public void Ended_UnknownCallId_ChangesNothing()
    {
        var log = new SipCallLog(_records, _time, NullLogger.Instance);

        log.Ended("never-seen", "Hung up");

        Assert.Equal(0, log.Flush());
    }

    [Fact]
    public void Answered_MoreCallsThanTheTableHolds_OldestForgottenNewestStillEnds()
    {
        var log = new SipCallLog(_records, _time, NullLogger.Instance, maxActiveCalls: 2);
        foreach (var id in new[] { "c1", "c2", "c3" })
        {
            log.Answered(log.Start(id, "101", null, "102"), 200, "OK");
        }

        Assert.Equal(2, log.ActiveCalls);
        log.Ended("c1", "Hung up");
        log.Ended("c3", "Hung up");
        log.Flush();

        var byCall = _records.List().ToDictionary(r => r.CallId);
        Assert.Null(byCall["c1"].EndedAt);
        Assert.NotNull(byCall["c3"].EndedAt);
        Assert.Equal(1, log.ActiveCalls);
    }

    [Fact]
    public void Failed_AfterAnswer_IgnoredSoTheRecordStaysAnswered()
    {
        var log = new SipCallLog(_records, _time, NullLogger.Instance);
        var attempt = log.Start("call-b", "101", null, "102");
        log.Answered(attempt, 200, "OK");

        log.Failed(attempt, 487, "Request Terminated");
        Assert.Equal(0, log.Flush());
        log.Ended("call-b", "Hung up");
        log.Flush();

        Assert.Equal(200, Assert.Single(_records.List()).ResultCode);
    }

    [Fact]
    public void Failed_MoreRecordsThanTheQueueHolds_CountsTheRestAsDroppedWithoutBlocking()
    {
        var log = new SipCallLog(_records, _time, NullLogger.Instance);
        for (var i = 0; i < 5000; i++)
        {
            log.Failed(log.Start("f" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), "101", null, "102"), 486, "Busy Here");
        }

        Assert.Equal(5000 - log.Flush(), log.Dropped);
        Assert.True(log.Dropped > 0);
    }

    [Fact]
    public async Task RunAsync_Stopped_WritesAnsweredCallsThatHaveNotEndedWithoutAnEndTime()
    {
        var log = new SipCallLog(_records, _time, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var writer = log.RunAsync(stop.Token);
        log.Answered(log.Start("call-d", "101", null, "102"), 200, "OK");
        Assert.Equal(0, _records.Count);

        await stop.CancelAsync();
        await writer;

        var record = Assert.Single(_records.List());
        Assert.NotNull(record.AnsweredAt);
        Assert.Null(record.EndedAt);
    }

    [Fact]
    public async Task RunAsync_WritesFinishedAttemptsUntilStopped()
    {
        var log = new SipCallLog(_records, _time, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var writer = log.RunAsync(stop.Token);

        log.Failed(log.Start("call-c", "101", null, "102"), 486, "Busy Here");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (_records.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        await stop.CancelAsync();
        await writer;
        Assert.Equal(1, _records.Count);
    }
}
