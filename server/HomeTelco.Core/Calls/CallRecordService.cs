using HomeTelco.Core.Store;
using LiteDB;

namespace HomeTelco.Core.Calls;

/// <summary>
/// The call log: snapshots of call attempts saved as the SIP engine reports them, listed newest first. Retention is
/// bounded (the oldest records go once there are more than <see cref="MaxRecords"/> and a slack of a sixteenth), so a
/// busy or flooded box cannot grow its store without limit. The SIP engine saves in batches, off its transaction lock.
/// </summary>
public sealed class CallRecordService : IStoreRestoreListener
{
    /// <summary>How many records a box keeps unless told otherwise.</summary>
    public const int DefaultMaxRecords = 10_000;

    /// <summary>The most a single <see cref="List"/> returns.</summary>
    public const int MaxPage = 500;

    private readonly HomeStore _store;
    private readonly ILiteCollection<CallRecord> _calls;
    private readonly Lock _countLock = new();
    private int _count = -1;

    public CallRecordService(HomeStore store, int maxRecords = DefaultMaxRecords)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRecords, 1);
        _store = store;
        _calls = store.Collection<CallRecord>(Collections.Calls);
        MaxRecords = maxRecords;
        TrimSlack = maxRecords / 16;
    }

    public int MaxRecords { get; }

    /// <summary>How far past <see cref="MaxRecords"/> the log may grow before its oldest records go.</summary>
    public int TrimSlack { get; }

    public int Count => _calls.Count();

    /// <summary>Inserts the record or replaces the earlier snapshot with the same <see cref="CallRecord.Id"/>.</summary>
    public void Save(CallRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (string.IsNullOrEmpty(record.Id))
        {
            throw new ArgumentException("A call record needs an id.", nameof(record));
        }

        Write(() => _calls.Upsert(record) ? 1 : 0);
    }

    /// <summary>
    /// Saves a batch as <see cref="Save"/> does each record, in one store transaction with the trimming it calls for:
    /// a busy proxy writes its records in batches, and one commit per batch costs far less than one per record.
    /// </summary>
    public void SaveMany(IReadOnlyCollection<CallRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        foreach (var record in records)
        {
            if (record is null || string.IsNullOrEmpty(record.Id))
            {
                throw new ArgumentException("Every call record needs an id.", nameof(records));
            }
        }

        try
        {
            // The proxy saves each attempt once, under a new random id: a plain insert skips the look-up an upsert
            // makes first for every record, which was a fifth of the store's work per call.
            Write(() => _calls.Insert(records));
        }
        catch (LiteException ex) when (ex.ErrorCode == LiteException.INDEX_DUPLICATE_KEY)
        {
            // Some record was saved before (a snapshot saved again): the transaction wrote nothing, so upsert them all.
            Write(() => _calls.Upsert(records));
        }
    }

    /// <summary>Up to <paramref name="limit"/> records started before <paramref name="before"/> (all when null), newest first.</summary>
    public IReadOnlyList<CallRecord> List(int limit = 50, DateTimeOffset? before = null)
    {
        limit = Math.Clamp(limit, 1, MaxPage);
        var query = _calls.Query();
        if (before is { } cursor)
        {
            query = query.Where(c => c.StartedAt < cursor);
        }

        return query.OrderByDescending(c => c.StartedAt).Limit(limit).ToList();
    }

    public CallRecord? Find(string id) => _calls.FindById(id);

    /// <summary>A restore replaced the collection: the count kept for retention is counted again at the next insert.</summary>
    void IStoreRestoreListener.StoreRestored()
    {
        lock (_countLock)
        {
            _count = -1;
        }
    }

    /// <summary>Runs <paramref name="insert"/> and the trimming its new records call for as one store transaction.</summary>
    private void Write(Func<int> insert)
    {
        lock (_countLock)
        {
            try
            {
                _store.InTransaction(() =>
                {
                    TrimAfterInsert(insert());
                    return 0;
                });
            }
            catch
            {
                // The transaction was rolled back: what was counted for it did not happen.
                _count = -1;
                throw;
            }
        }
    }

    /// <summary>
    /// Deletes the oldest records once there are more than <see cref="MaxRecords"/> and <see cref="TrimSlack"/>, down to
    /// <see cref="MaxRecords"/>: one trim of many records every few hundred calls instead of one delete per call, which
    /// had been a third of the SIP engine's CPU under load (each record was its own delete and index search).
    /// </summary>
    private void TrimAfterInsert(int inserted)
    {
        // Counted once, then kept in step: a Count() per call would scan the collection every time.
        _count = _count < 0 ? _calls.Count() : _count + inserted;
        if (_count <= MaxRecords + TrimSlack)
        {
            return;
        }

        var oldest = _calls.Query().OrderBy(c => c.StartedAt).Select(c => c.Id).Limit(_count - MaxRecords).ToList();
        foreach (var id in oldest)
        {
            _calls.Delete(id);
        }

        _count -= oldest.Count;
    }
}
