using System.Security.Cryptography;
using System.Threading.Channels;
using HomeTelco.Core.Calls;
using Microsoft.Extensions.Logging;

namespace HomeTelco.Sip.Calls;

/// <summary>
/// Call detail records from the proxy's point of view: an attempt starts with an initial INVITE, is answered at the
/// first 2xx, fails at a final error, and an answered call ends at the BYE with its Call-ID. The proxy reports under the
/// transaction lock, so nothing here touches the disk: snapshots go into a bounded queue that <see cref="RunAsync"/>
/// writes to the store. Answered calls wait for their BYE in a bounded table; the oldest is forgotten (its record just
/// keeps no end time) when it is full.
/// </summary>
internal sealed class SipCallLog
{
    public const int DefaultMaxActiveCalls = 1024;
    private const int QueueCapacity = 1024;

    private readonly CallRecordService _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _maxActive;
    private readonly Channel<CallRecord> _pending;
    private readonly Dictionary<string, LinkedListNode<SipCallAttempt>> _active = new(StringComparer.Ordinal);
    private readonly LinkedList<SipCallAttempt> _activeOrder = new();
    private readonly Lock _activeLock = new();

    public SipCallLog(CallRecordService store, TimeProvider time, ILogger logger, int maxActiveCalls = DefaultMaxActiveCalls)
    {
        _store = store;
        _time = time;
        _logger = logger;
        _maxActive = maxActiveCalls;

        // A full queue drops its oldest snapshot: each one is the whole record, so a newer snapshot of the same call
        // loses nothing; under a flood the store falls behind instead of memory growing.
        _pending = Channel.CreateBounded<CallRecord>(new BoundedChannelOptions(QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
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

    public SipCallAttempt Start(string callId, string callerNumber, string? callerName, string callee)
    {
        var attempt = new SipCallAttempt(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), callId, callerNumber, callerName ?? "", callee, _time.GetUtcNow());
        Save(attempt);
        return attempt;
    }

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
        lock (_activeLock)
        {
            if (!_active.ContainsKey(attempt.CallId))
            {
                if (_active.Count >= _maxActive && _activeOrder.First is { } oldest)
                {
                    _active.Remove(oldest.Value.CallId);
                    _activeOrder.RemoveFirst();
                }

                _active.Add(attempt.CallId, _activeOrder.AddLast(attempt));
            }
        }

        Save(attempt);
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

    /// <summary>Writes snapshots as they come until the engine stops, then what is left.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await _pending.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                Flush();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Flush();
        }
    }

    /// <summary>Writes every queued snapshot now; returns how many.</summary>
    public int Flush()
    {
        var written = 0;
        while (_pending.Reader.TryRead(out var record))
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

    private void Save(SipCallAttempt attempt) => _pending.Writer.TryWrite(attempt.Snapshot());
}
