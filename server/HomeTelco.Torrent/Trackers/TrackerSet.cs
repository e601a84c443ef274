using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HomeTelco.Torrent.Trackers;

/// <summary>
/// One torrent's trackers, used as BEP 12 says: tiers in order, trackers shuffled within their tier once, tried in
/// order until one answers, and the one that answered moved to the front of its tier. It owns the event sequence
/// (started first, completed once, stopped at the end, to the tracker that last answered) and the schedule (the
/// tracker's interval, or a doubling back-off while every tracker fails). The engine drives it with
/// <see cref="RunAsync"/> or calls <see cref="AnnounceAsync"/> itself.
/// </summary>
internal sealed class TrackerSet : IDisposable
{
    private readonly List<List<ITrackerClient>> _tiers;
    private readonly ReadOnlyMemory<byte> _peerId;
    private readonly int _port;
    private readonly Func<TransferTotals> _totals;
    private readonly TimeProvider _time;
    private readonly TrackerSetOptions _options;
    private readonly ILogger _logger;
    private readonly uint _key = (uint)RandomNumberGenerator.GetInt32(int.MaxValue);

    // One announce at a time: the event sequence and the tier order are only changed inside it.
    private readonly SemaphoreSlim _announceGate = new(1, 1);

    // Guards the fields below, which readers (the portal, RunAsync) look at between announces.
    private readonly Lock _stateLock = new();
    private readonly Dictionary<ITrackerClient, string> _trackerIds = [];
    private bool _startedSent;
    private bool _completedPending;
    private bool _completedSent;
    private bool _stopped;
    private int _failuresInARow;
    private ITrackerClient? _lastResponder;
    private DateTimeOffset _nextAnnounceAt;

    // The earliest an extra announce may go: the tracker's "min interval" after an answer, the back-off after failures.
    private DateTimeOffset _notBefore;
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Tiers come in metainfo order; each is shuffled here with the given random (BEP 12 "on load").
    // isPrivate is the torrent's BEP 27 flag: other sources of peers (DHT, PEX, LSD) ask it here.
    public TrackerSet(
        InfoHash infoHash,
        IReadOnlyList<IReadOnlyList<ITrackerClient>> tiers,
        bool isPrivate,
        ReadOnlyMemory<byte> peerId,
        int port,
        Func<TransferTotals> totals,
        TimeProvider time,
        Random random,
        TrackerSetOptions? options = null,
        ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(tiers);
        ArgumentNullException.ThrowIfNull(random);
        InfoHash = infoHash;
        IsPrivate = isPrivate;
        _peerId = peerId;
        _port = port;
        _totals = totals;
        _time = time;
        _options = options ?? TrackerSetOptions.Default;
        _logger = logger ?? NullLogger.Instance;
        _tiers = [];
        foreach (var tier in tiers.Where(t => t.Count > 0))
        {
            var shuffled = tier.ToArray();
            random.Shuffle(shuffled);
            _tiers.Add([.. shuffled]);
        }

        _nextAnnounceAt = time.GetUtcNow();
    }

    public InfoHash InfoHash { get; }

    /// <summary>BEP 27: peers come from these trackers only, never from DHT, PEX or local discovery.</summary>
    public bool IsPrivate { get; }

    /// <summary>Called with the peers of every successful announce.</summary>
    public event Action<InfoHash, IReadOnlyList<IPEndPoint>>? PeersFound;

    public DateTimeOffset NextAnnounceAt
    {
        get
        {
            lock (_stateLock)
            {
                return _nextAnnounceAt;
            }
        }
    }

    /// <summary>The trackers in the order they will be tried, tier by tier.</summary>
    public IReadOnlyList<IReadOnlyList<ITrackerClient>> Tiers
    {
        get
        {
            lock (_stateLock)
            {
                return _tiers.Select(t => (IReadOnlyList<ITrackerClient>)[.. t]).ToList();
            }
        }
    }

    /// <summary>The download finished: the next announce (made at once) says "completed"; only ever once per set.</summary>
    public void MarkCompleted()
    {
        lock (_stateLock)
        {
            if (_completedSent || _completedPending)
            {
                return;
            }

            _completedPending = true;
            _nextAnnounceAt = _time.GetUtcNow();
            _wake.TrySetResult();
        }
    }

    /// <summary>
    /// Asks for an announce now instead of at the scheduled time (the session has nobody to trade with); refused
    /// while the last answer's "min interval" or the failure back-off has not passed, so a starved torrent never
    /// announces more often than its tracker allows.
    /// </summary>
    public bool RequestEarlyAnnounce()
    {
        lock (_stateLock)
        {
            var now = _time.GetUtcNow();
            if (_stopped || now < _notBefore || now >= _nextAnnounceAt)
            {
                return false;
            }

            _nextAnnounceAt = now;
            _wake.TrySetResult();
            return true;
        }
    }

    /// <summary>Announces at each due time until cancelled; does not send "stopped" (see <see cref="StopAsync"/>).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Task wake;
            TimeSpan wait;
            lock (_stateLock)
            {
                if (_stopped)
                {
                    return;
                }

                wake = _wake.Task;
                wait = _nextAnnounceAt - _time.GetUtcNow();
            }

            if (wait > TimeSpan.Zero)
            {
                using var woken = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var delay = Task.Delay(wait, _time, woken.Token);
                await Task.WhenAny(delay, wake).ConfigureAwait(false);
                await woken.CancelAsync().ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                lock (_stateLock)
                {
                    if (_wake.Task.IsCompleted)
                    {
                        _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    }
                }

                continue;
            }

            await AnnounceAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Makes one pass over the tiers with whatever event is due, and schedules the next one.</summary>
    public async Task<TrackerAnnounceOutcome> AnnounceAsync(CancellationToken cancellationToken)
    {
        await _announceGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            TrackerEvent trackerEvent;
            lock (_stateLock)
            {
                if (_stopped)
                {
                    return new TrackerAnnounceOutcome(null, null, _nextAnnounceAt);
                }

                trackerEvent = !_startedSent ? TrackerEvent.Started : _completedPending ? TrackerEvent.Completed : TrackerEvent.None;
            }

            var (tracker, response) = await AnnounceToFirstThatAnswersAsync(trackerEvent, _options.NumWant, cancellationToken).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            DateTimeOffset next;
            lock (_stateLock)
            {
                if (response is null)
                {
                    _failuresInARow++;
                    var backoff = _options.RetryBase * Math.Pow(2, Math.Min(_failuresInARow - 1, 20));
                    next = now + (backoff < _options.RetryMaximum ? backoff : _options.RetryMaximum);
                    _notBefore = next;
                    Log.TrackersAllFailed(_logger, InfoHash, (next - now).TotalSeconds);
                }
                else
                {
                    _failuresInARow = 0;
                    _lastResponder = tracker;
                    _startedSent = true;
                    if (trackerEvent == TrackerEvent.Completed)
                    {
                        _completedPending = false;
                        _completedSent = true;
                    }

                    var min = response.MinInterval ?? TimeSpan.Zero;
                    _notBefore = now + min;
                    var interval = Clamp(response.Interval > min ? response.Interval : min);

                    // A completion that came in while this announce was out (it said "started") is sent right away.
                    next = _completedPending ? now : now + interval;
                    Log.TrackerAnnounced(_logger, tracker!.Uri, trackerEvent, InfoHash, response.Peers.Count, interval.TotalSeconds);
                }

                _nextAnnounceAt = next;
            }

            if (response is not null && response.Peers.Count > 0)
            {
                PeersFound?.Invoke(InfoHash, response.Peers);
            }

            return new TrackerAnnounceOutcome(tracker, response, next);
        }
        finally
        {
            _announceGate.Release();
        }
    }

    /// <summary>
    /// Sends "stopped" to the tracker that last answered (when a session was started at all), within
    /// <see cref="TrackerSetOptions.StopTimeout"/>; after this the set announces no more.
    /// </summary>
    public async Task<bool> StopAsync(CancellationToken cancellationToken)
    {
        ITrackerClient? tracker;
        lock (_stateLock)
        {
            if (_stopped)
            {
                return false;
            }

            _stopped = true;
            tracker = _startedSent ? _lastResponder : null;
            _wake.TrySetResult();
        }

        if (tracker is null)
        {
            return false;
        }

        using var timeout = new CancellationTokenSource(_options.StopTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            var result = await tracker.AnnounceAsync(Request(tracker, TrackerEvent.Stopped, numWant: 0), linked.Token).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                Log.TrackerFailed(_logger, tracker.Uri, result.Failure, result.Reason);
            }

            return result.Succeeded;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Log.TrackerFailed(_logger, tracker.Uri, TrackerFailureKind.Unreachable, "stopped announce timed out");
            return false;
        }
    }

    private async Task<(ITrackerClient? Tracker, AnnounceResponse? Response)> AnnounceToFirstThatAnswersAsync(
        TrackerEvent trackerEvent, int numWant, CancellationToken cancellationToken)
    {
        foreach (var tier in Tiers)
        {
            foreach (var tracker in tier)
            {
                var result = await tracker.AnnounceAsync(Request(tracker, trackerEvent, numWant), cancellationToken).ConfigureAwait(false);
                if (!result.Succeeded)
                {
                    Log.TrackerFailed(_logger, tracker.Uri, result.Failure, result.Reason);
                    continue;
                }

                MoveToFront(tracker, result.Value!.TrackerId);
                return (tracker, result.Value);
            }
        }

        return (null, null);
    }

    private AnnounceRequest Request(ITrackerClient tracker, TrackerEvent trackerEvent, int numWant)
    {
        var totals = _totals();
        string? trackerId;
        lock (_stateLock)
        {
            _trackerIds.TryGetValue(tracker, out trackerId);
        }

        return new AnnounceRequest(InfoHash, _peerId, _port)
        {
            Event = trackerEvent,
            Uploaded = totals.Uploaded,
            Downloaded = totals.Downloaded,
            Left = totals.Left,
            NumWant = numWant,
            Key = _key,
            TrackerId = trackerId,
        };
    }

    private void MoveToFront(ITrackerClient tracker, string? trackerId)
    {
        lock (_stateLock)
        {
            if (trackerId is not null)
            {
                _trackerIds[tracker] = trackerId;
            }

            foreach (var tier in _tiers)
            {
                if (tier.Remove(tracker))
                {
                    tier.Insert(0, tracker);
                    return;
                }
            }
        }
    }

    public void Dispose() => _announceGate.Dispose();

    private TimeSpan Clamp(TimeSpan interval) =>
        interval < _options.MinimumInterval ? _options.MinimumInterval
        : interval > _options.MaximumInterval ? _options.MaximumInterval
        : interval;
}
