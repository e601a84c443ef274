using System.Security.Cryptography;
using System.Threading.Channels;
using HomeTelco.Core.Calls;
using Microsoft.Extensions.Logging;

namespace HomeTelco.Sip.Calls;

/// <summary>
/// Call detail records from the proxy's point of view: an attempt starts with an initial INVITE, is answered at the
/// first 2xx, fails at a final error, and an answered call ends at the BYE with its Call-ID. Each attempt is written once,
/// when it is over (failed, ended, or forgotten), so a call costs one store write. The proxy reports under the
/// transaction lock, so nothing here touches the disk: records go into a bounded queue that <see cref="RunAsync"/>
/// drains in batches; when the store falls that far behind, new records are counted and dropped (with a warning) rather
/// than the proxy blocked. Answered calls wait for their BYE in a bounded table; when it is full the oldest is forgotten
/// and written as it stands (no end time); at shutdown the calls still in it are written the same way.
/// </summary>
internal sealed class SipCallLog
{
    public const int DefaultMaxActiveCalls = 1024;
    private const int QueueCapacity = 4096;
    private const int MaxBatch = 256;

    // The writer waits this long after the first record of a batch, so at a high call rate one wake-up of the writer
    // (and of a pool thread) carries many records instead of one each. Real time: it paces the disk, not the calls.
    private static readonly TimeSpan BatchDelay = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan DropWarningInterval = TimeSpan.FromSeconds(60);

    private readonly CallRecordService _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _maxActive;
    private readonly Channel<CallRecord> _pending;
    private readonly Dictionary<string, LinkedListNode<SipCallAttempt>> _active = new(StringComparer.Ordinal);
    private readonly LinkedList<SipCallAttempt> _activeOrder = new();
    private readonly Lock _activeLock = new();
    private long _dropped;
    private long _droppedReported;
    private long _lastDropWarning;

    public SipCallLog(CallRecordService store, TimeProvider time, ILogger logger, int maxActiveCalls = DefaultMaxActiveCalls)
    {
        _store = store;
        _time = time;
        _logger = logger;
        _maxActive = maxActiveCalls;

        // A full queue refuses the new record (TryWrite is false): counted and reported, never waited for.
        _pending = Channel.CreateBounded<CallRecord>(new BoundedChannelOptions(QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    /// <summary>Answered calls still waiting for their BYE.</summary>
    public int ActiveCalls
    {
        get
        {
            lock (_activeLock)
            {
                return _active.Count;
            }
        }
    }

    /// <summary>Snapshots of the answered calls that have not ended (not in the store until they do), newest first.</summary>
    public IReadOnlyList<CallRecord> InProgress()
    {
        lock (_activeLock)
        {
            var records = new List<CallRecord>(_active.Count);
            for (var node = _activeOrder.Last; node is not null; node = node.Previous)
            {
                records.Add(node.Value.Snapshot());
            }

            return records;
        }
    }

    /// <summary>Records dropped because the writer had fallen too far behind.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>A new attempt; nothing is written until it is over.</summary>
    public SipCallAttempt Start(string callId, string callerNumber, string? callerName, string callee) =>
        new(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), callId, callerNumber, callerName ?? "", callee, _time.GetUtcNow());

    public void Answered(SipCallAttempt attempt, int status, string reason)
    {
        if (attempt.AnsweredAt is not null || attempt.EndedAt is not null)
        {
            // Already answered, or a 2xx that lost the race with a CANCEL after the caller had its 487.
            return;
        }

        attempt.AnsweredAt = _time.GetUtcNow();
        attempt.ResultCode = status;
        attempt.Reason = reason;
        SipCallAttempt? forgotten = null;
        lock (_activeLock)
        {
            if (_active.ContainsKey(attempt.CallId))
            {
                // Another attempt with the same Call-ID is waiting for the BYE; this one will not get it.
                forgotten = attempt;
            }
            else
            {
                if (_active.Count >= _maxActive && _activeOrder.First is { } oldest)
                {
                    forgotten = oldest.Value;
                    _active.Remove(oldest.Value.CallId);
                    _activeOrder.RemoveFirst();
                }

                _active.Add(attempt.CallId, _activeOrder.AddLast(attempt));
            }
        }

        if (forgotten is not null)
        {
            Save(forgotten);
        }
    }

    public void Failed(SipCallAttempt attempt, int status, string reason)
    {
        if (attempt.EndedAt is not null || attempt.AnsweredAt is not null)
        {
            return;
        }

        attempt.EndedAt = _time.GetUtcNow();
        attempt.ResultCode = status;
        attempt.Reason = reason;
        Save(attempt);
    }

    /// <summary>A BYE with <paramref name="callId"/> went through: the answered call with that Call-ID has ended.</summary>
    public void Ended(string callId, string reason)
    {
        SipCallAttempt attempt;
        lock (_activeLock)
        {
            if (!_active.Remove(callId, out var node))
            {
                return;
            }

            _activeOrder.Remove(node);
            attempt = node.Value;
        }

        attempt.EndedAt = _time.GetUtcNow();
        attempt.Reason = reason;
        Save(attempt);
    }

    /// <summary>
    /// Writes records in batches until the engine stops, then what is left, with the answered calls that have not
    /// ended yet (as they stand, without an end time).
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await _pending.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                await Task.Delay(BatchDelay, TimeProvider.System, cancellationToken).ConfigureAwait(false);
                Flush();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            SaveActive();
            Flush();
        }
    }

    /// <summary>Writes every queued record now, in batches of one store transaction each; returns how many.</summary>
    public int Flush()
    {
        ReportDrops();
        var written = 0;
        var batch = new List<CallRecord>(Math.Min(_pending.Reader.Count, MaxBatch));
        while (true)
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var record))
            {
                batch.Add(record);
            }

            if (batch.Count == 0)
            {
                return written;
            }

            try
            {
                _store.SaveMany(batch);
                written += batch.Count;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One bad record must not cost its batch: write them one by one, so only what fails is lost.
                written += SaveEach(batch);
            }
        }
    }

    private int SaveEach(List<CallRecord> batch)
    {
        var written = 0;
        foreach (var record in batch)
        {
            try
            {
                // A failing disk costs this record, never the loop: the calls keep going either way.
                _store.Save(record);
                written++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                CallsLog.SaveFailed(_logger, record.CallId, ex.Message);
            }
        }

        return written;
    }

    private void Save(SipCallAttempt attempt)
    {
        if (!_pending.Writer.TryWrite(attempt.Snapshot()))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    private void SaveActive()
    {
        lock (_activeLock)
        {
            foreach (var attempt in _activeOrder)
            {
                Save(attempt);
            }

            _active.Clear();
            _activeOrder.Clear();
        }
    }

    /// <summary>One warning per interval with the count since the last one, from the writer, never per call.</summary>
    private void ReportDrops()
    {
        var dropped = Interlocked.Read(ref _dropped);
        if (dropped == _droppedReported || (_lastDropWarning != 0 && _time.GetElapsedTime(_lastDropWarning) < DropWarningInterval))
        {
            return;
        }

        CallsLog.RecordsDropped(_logger, dropped - _droppedReported, QueueCapacity);
        _droppedReported = dropped;
        _lastDropWarning = Math.Max(1, _time.GetTimestamp());
    }
}
