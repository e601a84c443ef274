using HomeTelco.Core.Calls;
using HomeTelco.Core.Store;

namespace HomeTelco.Core.Tests.Calls;

public sealed class CallRecordServiceTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private readonly TempFolder _folder = new();
    private readonly HomeStore _store;

    public CallRecordServiceTests()
    {
        _store = HomeStore.Open(_folder.Path);
    }

    public void Dispose()
    {
        _store.Dispose();
        _folder.Dispose();
    }

    private static CallRecord Record(int minute, string id = "") => new()
    {
        Id = id.Length > 0 ? id : "r" + minute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        CallId = "call-" + minute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        CallerNumber = "101",
        Callee = "102",
        StartedAt = Start.AddMinutes(minute),
    };

    [Fact]
    public void Save_SameIdTwice_SecondSnapshotReplacesFirst()
    {
        var service = new CallRecordService(_store);
        var record = Record(1);
        service.Save(record);

        record.ResultCode = 200;
        record.AnsweredAt = Start.AddMinutes(1).AddSeconds(4);
        record.EndedAt = Start.AddMinutes(3);
        service.Save(record);

        var stored = Assert.Single(service.List());
        Assert.Equal(200, stored.ResultCode);
        Assert.Equal(TimeSpan.FromSeconds(116), stored.Duration);
    }

    [Fact]
    public void List_NewestFirst_BeforePagesBackwards()
    {
        var service = new CallRecordService(_store);
        for (var minute = 0; minute < 7; minute++)
        {
            service.Save(Record(minute));
        }

        var first = service.List(limit: 3);
        Assert.Equal(["r6", "r5", "r4"], first.Select(r => r.Id));

        var next = service.List(limit: 3, before: first[^1].StartedAt);
        Assert.Equal(["r3", "r2", "r1"], next.Select(r => r.Id));

        var last = service.List(limit: 3, before: next[^1].StartedAt);
        Assert.Equal(["r0"], last.Select(r => r.Id));
    }

    [Fact]
    public void Save_BeyondMaxRecords_NewestKeptOldestGenerationDropped()
    {
        var service = new CallRecordService(_store, maxRecords: 5);
        for (var minute = 0; minute < 12; minute++)
        {
            service.Save(Record(minute));
        }

        // Generations of five: r0-r4 went when r5-r9 filled up; r10 and r11 started the next one.
        Assert.Equal(7, service.Count);
        Assert.Equal(["r11", "r10", "r9", "r8", "r7", "r6", "r5"], service.List().Select(r => r.Id));
        Assert.Null(service.Find("r4"));
        Assert.NotNull(service.Find("r5"));
    }

    [Fact]
    public void SaveMany_ManyGenerations_NeverFewerThanMaxRecordsNorMoreThanTwice()
    {
        var service = new CallRecordService(_store, maxRecords: 8);
        var minute = 0;
        for (var batch = 0; batch < 12; batch++)
        {
            service.SaveMany([.. Enumerable.Range(minute, 3).Select(m => Record(m))]);
            minute += 3;
            if (minute >= 8)
            {
                Assert.InRange(service.Count, 8, 16);
            }
        }

        var newest = service.List(limit: 8).Select(r => r.Id);
        Assert.Equal(Enumerable.Range(minute - 8, 8).Reverse().Select(m => "r" + m.ToString(System.Globalization.CultureInfo.InvariantCulture)), newest);
    }

    [Fact]
    public void Save_SnapshotOfARecordInThePreviousGeneration_ReplacesItThere()
    {
        var service = new CallRecordService(_store, maxRecords: 2);
        var record = Record(0);
        service.Save(record);
        service.Save(Record(1));

        record.ResultCode = 487;
        service.Save(record);

        Assert.Equal(2, service.Count);
        Assert.Equal(487, service.Find("r0")!.ResultCode);
    }

    [Fact]
    public void SaveMany_NewAndReplacedRecords_EachStoredOnce()
    {
        var service = new CallRecordService(_store, maxRecords: 50);
        service.Save(Record(0));
        service.Save(Record(1));

        service.SaveMany([.. Enumerable.Range(1, 7).Select(minute => Record(minute))]);

        Assert.Equal(8, service.Count);
        Assert.Equal(["r7", "r6", "r5", "r4", "r3", "r2", "r1", "r0"], service.List().Select(r => r.Id));
    }

    [Fact]
    public void SaveMany_RecordWithoutId_RefusedAndNothingWritten()
    {
        var service = new CallRecordService(_store);

        Assert.Throws<ArgumentException>(() => service.SaveMany([Record(1), new CallRecord { CallId = "call-2", StartedAt = Start }]));
        Assert.Equal(0, service.Count);
    }

    [Fact]
    public void Save_RetentionCountsRecordsFromAnEarlierStart()
    {
        var before = new CallRecordService(_store, maxRecords: 4);
        for (var minute = 0; minute < 3; minute++)
        {
            before.Save(Record(minute));
        }

        // A restart: a new service over the same store must not believe the collection is empty, so the fourth record
        // fills the generation and the fifth starts the next one.
        var after = new CallRecordService(_store, maxRecords: 4);
        after.Save(Record(10));
        after.Save(Record(11));
        Assert.Equal(5, after.Count);

        for (var minute = 12; minute <= 15; minute++)
        {
            after.Save(Record(minute));
        }

        Assert.Null(after.Find("r0"));
        Assert.Equal(5, after.Count);
    }

    [Fact]
    public void List_LimitOutOfRange_Clamped()
    {
        var service = new CallRecordService(_store);
        for (var minute = 0; minute < 3; minute++)
        {
            service.Save(Record(minute));
        }

        Assert.Single(service.List(limit: 0));
        Assert.Equal(3, service.List(limit: 100_000).Count);
    }

    [Fact]
    public void StoreRestored_CollectionReplaced_RetentionCountsItAgain()
    {
        var service = new CallRecordService(_store, maxRecords: 3);
        service.Save(Record(0));

        // What a restore does underneath the service: the current generation now holds other records, a full one.
        var collection = _store.Collection<CallRecord>(Collections.Calls);
        collection.DeleteAll();
        for (var minute = 10; minute < 13; minute++)
        {
            collection.Insert(Record(minute));
        }

        // Counted again, the generation is full: the first new record starts the next one, the fourth another.
        ((IStoreRestoreListener)service).StoreRestored();
        for (var minute = 20; minute < 24; minute++)
        {
            service.Save(Record(minute));
        }

        Assert.Equal(4, service.Count);
        Assert.Equal(["r23", "r22", "r21", "r20"], service.List().Select(r => r.Id));
        Assert.Null(service.Find("r10"));
    }
}
