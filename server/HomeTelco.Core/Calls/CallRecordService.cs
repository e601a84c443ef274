using HomeTelco.Core.Store;
using LiteDB;

namespace HomeTelco.Core.Calls;

/// <summary>
/// The call log: snapshots of call attempts saved as the SIP engine reports them, listed newest first. Retention is
/// bounded in two generations of <see cref="MaxRecords"/> each: records go into the current one; once it is full, the
/// previous generation is dropped whole and the current one takes its place. The newest <see cref="MaxRecords"/> are
/// always kept, never more than twice that, so a busy or flooded box cannot grow its store without limit. Deleting the
/// oldest record per new one had cost an index search and index updates per call: under a call load the store's share
/// of the SIP engine's CPU was a third. The SIP engine saves in batches, off its transaction lock.
/// </summary>
public sealed class CallRecordService : IStoreRestoreListener
{
    /// <summary>How many records a box keeps at least unless told otherwise.</summary>
    public const int DefaultMaxRecords = 10_000;

    /// <summary>The most a single <see cref="List"/> returns.</summary>
    public const int MaxPage = 500;

    private readonly HomeStore _store;
    private readonly ILiteCollection<CallRecord> _current;
    private readonly ILiteCollection<CallRecord> _previous;
    private readonly Lock _writeLock = new();
    private int _currentCount = -1;

    public CallRecordService(HomeStore store, int maxRecords = DefaultMaxRecords)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRecords, 1);
        _store = store;
        _current = store.Collection<CallRecord>(Collections.Calls);
        _previous = store.Collection<CallRecord>(Collections.CallsPrevious);
        MaxRecords = maxRecords;

        // The schema's migrations index the first generation; a rotation cut short before indexing the next is mended here.
        _current.EnsureIndex(c => c.StartedAt);
    }

    /// <summary>How many of the newest records are always kept (one generation).</summary>
    public int MaxRecords { get; }

    public int Count => _current.Count() + _previous.Count();

    /// <summary>Inserts the record or replaces the earlier snapshot with the same <see cref="CallRecord.Id"/>.</summary>
    public void Save(CallRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (string.IsNullOrEmpty(record.Id))
        {
            throw new ArgumentException("A call record needs an id.", nameof(record));
        }

        Write(1, () => Replace(record));
    }

    /// <summary>
    /// Saves a batch as <see cref="Save"/> does each record, in one store transaction: a busy proxy writes its records
    /// in batches, and one commit per batch costs far less than one per record.
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
            // The proxy saves each attempt once, under a new random id: a plain insert skips the look-ups a replace
            // makes first for every record, which were a fifth of the store's work per call.
            Write(records.Count, () => _current.Insert(records));
        }
        catch (LiteException ex) when (ex.ErrorCode == LiteException.INDEX_DUPLICATE_KEY)
        {
            // Some record was saved before (a snapshot saved again): the transaction wrote nothing, so replace them all.
            Write(records.Count, () => records.Sum(Replace));
        }
    }

    /// <summary>Up to <paramref name="limit"/> records started before <paramref name="before"/> (all when null), newest first.</summary>
    public IReadOnlyList<CallRecord> List(int limit = 50, DateTimeOffset? before = null)
    {
        limit = Math.Clamp(limit, 1, MaxPage);

        // Each generation gives its newest; a record of the previous one may still be newer (a long call ends late).
        return Newest(_current, limit, before).Concat(Newest(_previous, limit, before))
            .OrderByDescending(c => c.StartedAt)
            .Take(limit)
            .ToList();
    }

    public CallRecord? Find(string id) => _current.FindById(id) ?? _previous.FindById(id);

    /// <summary>A restore replaced the collections: the count kept for retention is counted again at the next insert.</summary>
    void IStoreRestoreListener.StoreRestored()
    {
        lock (_writeLock)
        {
            _currentCount = -1;
        }
    }

    private static List<CallRecord> Newest(ILiteCollection<CallRecord> generation, int limit, DateTimeOffset? before)
    {
        var query = generation.Query();
        if (before is { } cursor)
        {
            query = query.Where(c => c.StartedAt < cursor);
        }

        return query.OrderByDescending(c => c.StartedAt).Limit(limit).ToList();
    }

    /// <summary>Writes the record into the current generation, taking it out of the previous one if it was there.</summary>
    private int Replace(CallRecord record)
    {
        _previous.Delete(record.Id);
        return _current.Upsert(record) ? 1 : 0;
    }

    /// <summary>
    /// Runs <paramref name="insert"/> (up to <paramref name="incoming"/> new records; it returns how many it added) as
    /// one store transaction, first starting a new generation if they would not fit in the current one.
    /// </summary>
    private void Write(int incoming, Func<int> insert)
    {
        lock (_writeLock)
        {
            try
            {
                // Counted once, then kept in step: a Count() per call would scan the collection every time.
                var count = _currentCount < 0 ? _current.Count() : _currentCount;
                if (count > 0 && count + incoming > MaxRecords)
                {
                    // Not one transaction (LiteDB drops and renames collections only outside one); a crash in between
                    // leaves a full current generation, which the next write rotates again.
                    _store.RotateCollection(Collections.Calls, Collections.CallsPrevious);
                    _current.EnsureIndex(c => c.StartedAt);
                    count = 0;
                }

                _currentCount = count + _store.InTransaction(insert);
            }
            catch
            {
                // A transaction was rolled back: what was counted for it did not happen.
                _currentCount = -1;
                throw;
            }
        }
    }
}
