using System.Collections.Concurrent;
using HomeTelco.Core.Store;
using LiteDB;
using Microsoft.Extensions.Logging;

namespace HomeTelco.Core.SipSecurity;

/// <summary>
/// The SIP ban list: admins ban and unban addresses and ranges (portal, API), the SIP engine's guard bans sources
/// that misbehave and asks on every message whether a source is banned. The list lives in memory, read without a
/// lock; every change is written to the <c>sip_bans</c> collection so bans survive a restart. The guard's bans are
/// written behind, on a pool thread, because the guard runs under the SIP transaction lock and must never wait on
/// the disk; an admin's change is written before the call returns.
/// </summary>
public sealed class SipBanService : IDisposable, IStoreRestoreListener
{
    /// <summary>Admin bans the list holds at most; the API refuses more.</summary>
    public const int MaxManualBans = 1000;

    /// <summary>Automatic bans (active and remembered) the list holds at most; beyond it the soonest to lapse goes.</summary>
    public const int MaxAutomaticBans = 10_000;

    public const int MaxReasonLength = 200;

    /// <summary>Longest timed ban an admin can set (a year); longer is what "permanent" is for.</summary>
    public const int MaxMinutes = 525_600;

    /// <summary>Broadest ranges an admin may ban at once, so one typo cannot silence half the internet.</summary>
    public const int MinIPv4Prefix = 8;

    public const int MinIPv6Prefix = 32;

    /// <summary>How long an expired automatic ban is remembered, so a source that comes back is banned for longer.</summary>
    public static readonly TimeSpan RememberOffencesFor = TimeSpan.FromDays(7);

    private readonly ILiteCollection<SipBan> _collection;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action<Action> _scheduleWriter;

    // Guards every change to the in-memory list; never held while writing to the store.
    private readonly Lock _listLock = new();

    // One writer to the collection at a time; held while writing, never taken by the guard's path.
    private readonly Lock _storeLock = new();
    private readonly ConcurrentDictionary<UInt128, SipBan> _addresses = new();
    private readonly ConcurrentQueue<IpRange> _unwritten = new();
    private volatile RangeBan[] _ranges = [];
    private int _automaticCount;
    private int _manualCount;
    private int _writerScheduled;

    // UTC ticks of the earliest moment Expire has something to drop, so the guard's periodic call is free until then.
    private long _nextForgetting = long.MaxValue;

    public SipBanService(HomeStore store, TimeProvider time, ILogger<SipBanService> logger)
        : this(store, time, logger, static work => ThreadPool.UnsafeQueueUserWorkItem(static w => w(), work, preferLocal: false))
    {
    }

    /// <param name="store">The box's store.</param>
    /// <param name="time">Clock for expiry.</param>
    /// <param name="logger">Where failed writes are reported.</param>
    /// <param name="scheduleWriter">Runs the write-behind work off the caller's thread (tests run it when they choose).</param>
    internal SipBanService(HomeStore store, TimeProvider time, ILogger logger, Action<Action> scheduleWriter)
    {
        ArgumentNullException.ThrowIfNull(store);
        _collection = store.Collection<SipBan>(Collections.SipBans);
        _time = time;
        _logger = logger;
        _scheduleWriter = scheduleWriter;
        Load();
    }

    /// <summary>Raised after an admin lifts a ban, with the range that was lifted (the guard forgets those sources' strikes).</summary>
    public event Action<IpRange>? Lifted;

    /// <summary>True when the source with address key <paramref name="key"/> is banned now. Lock-free; no allocation.</summary>
    public bool IsBanned(UInt128 key)
    {
        if (_addresses.TryGetValue(key, out var ban) && ban.IsActiveAt(_time.GetUtcNow()))
        {
            return true;
        }

        var ranges = _ranges;
        if (ranges.Length == 0)
        {
            return false;
        }

        var now = _time.GetUtcNow();
        foreach (var range in ranges)
        {
            if (range.Range.Contains(key) && range.Ban.IsActiveAt(now))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Bans in force now, newest first.</summary>
    public IReadOnlyList<SipBan> List()
    {
        var now = _time.GetUtcNow();
        return [.. _addresses.Values.Concat(_ranges.Select(r => r.Ban)).Where(b => b.IsActiveAt(now)).OrderByDescending(b => b.CreatedAt).ThenBy(b => b.Address, StringComparer.Ordinal)];
    }

    /// <summary>How many bans are in force now (for the engine tile and /metrics).</summary>
    public int ActiveCount()
    {
        var now = _time.GetUtcNow();
        var count = 0;
        foreach (var (_, ban) in _addresses)
        {
            count += ban.IsActiveAt(now) ? 1 : 0;
        }

        foreach (var range in _ranges)
        {
            count += range.Ban.IsActiveAt(now) ? 1 : 0;
        }

        return count;
    }

    /// <summary>The ban (in force or remembered) of exactly <paramref name="range"/>, or null.</summary>
    public SipBan? Find(IpRange range) =>
        range.IsSingleAddress ? _addresses.GetValueOrDefault(range.Network) : Array.Find(_ranges, r => r.Range == range).Ban;

    /// <summary>
    /// An admin's ban of an address or CIDR range, for <paramref name="minutes"/> or, when null, for good. Replaces any
    /// ban of the same address. Written to the store before it returns. Refuses bad input with a message.
    /// </summary>
    public SipBan Ban(string? address, string? reason, int? minutes)
    {
        var range = ParseForAdmin(address);
        if (range.DisplayPrefixLength < (range.IsIPv4 ? MinIPv4Prefix : MinIPv6Prefix))
        {
            var min = range.IsIPv4 ? MinIPv4Prefix : MinIPv6Prefix;
            throw new BoxRequestException($"{range} would block a large part of the internet; ban at most a /{min} {(range.IsIPv4 ? "IPv4" : "IPv6")} range at once.");
        }

        if (minutes is < 1 or > MaxMinutes)
        {
            throw new BoxRequestException($"minutes must be from 1 to {MaxMinutes} (a year), or left out for a permanent ban.");
        }

        reason = reason?.Trim();
        if (reason is { Length: > MaxReasonLength })
        {
            throw new BoxRequestException($"The reason is limited to {MaxReasonLength} characters.");
        }

        if (reason is not null && reason.Any(char.IsControl))
        {
            throw new BoxRequestException("The reason must be one line of text without control characters.");
        }

        var now = _time.GetUtcNow();
        lock (_listLock)
        {
            var existing = Find(range);
            if (existing is not { Automatic: false } && _manualCount >= MaxManualBans)
            {
                throw new BoxRequestException($"The ban list holds at most {MaxManualBans} bans set by hand; lift some first.") { IsConflict = true };
            }

            SetLocked(range, new SipBan
            {
                Address = range.ToString(),
                Reason = string.IsNullOrEmpty(reason) ? "Banned by an admin." : reason,
                Automatic = false,
                CreatedAt = now,
                ExpiresAt = minutes is { } m ? now.AddMinutes(m) : null,
            });
        }

        Write(range);
        return Find(range)!;
    }

    /// <summary>Lifts an admin's or an automatic ban (and forgets the source's earlier offences). Written before it returns.</summary>
    public void Lift(string? address)
    {
        var range = ParseForAdmin(address);
        lock (_listLock)
        {
            if (Find(range) is null)
            {
                throw new BoxRequestException($"{range} is not banned.") { IsNotFound = true };
            }

            SetLocked(range, null);
        }

        Write(range);
        Lifted?.Invoke(range);
    }

    /// <summary>
    /// The guard's ban of one address, for the step of <paramref name="ladder"/> matching how often the address
    /// was banned lately (1 h, then 6 h, ...; the last step repeats). Returns the new ban, or null when the address
    /// is already banned. Never waits for the store: the write happens behind.
    /// </summary>
    public SipBan? BanAutomatically(UInt128 key, string reason, IReadOnlyList<TimeSpan> ladder)
    {
        ArgumentNullException.ThrowIfNull(ladder);
        if (ladder.Count == 0)
        {
            throw new ArgumentException("The ban ladder needs at least one duration.", nameof(ladder));
        }

        var range = IpRange.Of(key);
        var now = _time.GetUtcNow();
        SipBan ban;
        lock (_listLock)
        {
            if (IsBanned(key))
            {
                return null;
            }

            var previous = _addresses.GetValueOrDefault(key);
            var offences = previous is { Automatic: true } ? previous.Offences + 1 : 1;
            if (previous is null && _automaticCount >= MaxAutomaticBans)
            {
                ForgetSoonestAutomaticLocked();
            }

            ban = new SipBan
            {
                Address = range.ToString(),
                Reason = reason.Length <= MaxReasonLength ? reason : reason[..MaxReasonLength],
                Automatic = true,
                CreatedAt = now,
                ExpiresAt = now + ladder[Math.Min(offences, ladder.Count) - 1],
                Offences = offences,
            };
            SetLocked(range, ban);
        }

        _unwritten.Enqueue(range);
        ScheduleWriter();
        return ban;
    }

    /// <summary>
    /// Drops lapsed bans: an admin's as soon as they lapse, automatic ones once they are no longer remembered.
    /// Returns how many went. Never waits for the store.
    /// </summary>
    public int Expire()
    {
        var now = _time.GetUtcNow();
        if (now.UtcTicks < Interlocked.Read(ref _nextForgetting))
        {
            return 0;
        }

        List<IpRange>? gone = null;
        lock (_listLock)
        {
            var next = long.MaxValue;
            foreach (var (key, ban) in _addresses)
            {
                if (IsForgotten(ban, now))
                {
                    (gone ??= []).Add(IpRange.Of(key));
                }
                else
                {
                    next = Math.Min(next, ForgettingTicks(ban));
                }
            }

            foreach (var range in _ranges)
            {
                if (IsForgotten(range.Ban, now))
                {
                    (gone ??= []).Add(range.Range);
                }
                else
                {
                    next = Math.Min(next, ForgettingTicks(range.Ban));
                }
            }

            Interlocked.Exchange(ref _nextForgetting, next);
            if (gone is null)
            {
                return 0;
            }

            foreach (var range in gone)
            {
                SetLocked(range, null);
                _unwritten.Enqueue(range);
            }
        }

        ScheduleWriter();
        return gone.Count;
    }

    /// <summary>Writes every change still waiting to be written, on the caller's thread (shutdown, tests).</summary>
    public void Flush()
    {
        lock (_storeLock)
        {
            WriteUnwrittenLocked();
        }
    }

    /// <summary>Writes what is still queued. The container disposes this before the store it depends on.</summary>
    public void Dispose() => Flush();

    /// <summary>A restore replaced the collection: queued writes belong to the old contents and are dropped, the list is read again.</summary>
    void IStoreRestoreListener.StoreRestored()
    {
        lock (_storeLock)
        {
            _unwritten.Clear();
            lock (_listLock)
            {
                _addresses.Clear();
                _ranges = [];
                _automaticCount = 0;
                _manualCount = 0;
                Interlocked.Exchange(ref _nextForgetting, long.MaxValue);
                Load();
            }
        }
    }

    private static bool IsForgotten(SipBan ban, DateTimeOffset now) => ForgettingTicks(ban) <= now.UtcTicks;

    private static long ForgettingTicks(SipBan ban) =>
        ban.ExpiresAt is not { } expires ? long.MaxValue : (ban.Automatic ? expires + RememberOffencesFor : expires).UtcTicks;

    private static IpRange ParseForAdmin(string? address) =>
        IpRange.TryParse(address, out var range, out var error) ? range : throw new BoxRequestException(error!);

    // Puts (or, with null, removes) the ban of a range in the in-memory list and keeps the counts right.
    private void SetLocked(IpRange range, SipBan? ban)
    {
        var previous = Find(range);
        _automaticCount += (ban is { Automatic: true } ? 1 : 0) - (previous is { Automatic: true } ? 1 : 0);
        _manualCount += (ban is { Automatic: false } ? 1 : 0) - (previous is { Automatic: false } ? 1 : 0);
        if (ban is not null && ForgettingTicks(ban) < Interlocked.Read(ref _nextForgetting))
        {
            Interlocked.Exchange(ref _nextForgetting, ForgettingTicks(ban));
        }

        if (range.IsSingleAddress)
        {
            if (ban is null)
            {
                _addresses.TryRemove(range.Network, out _);
            }
            else
            {
                _addresses[range.Network] = ban;
            }

            return;
        }

        var others = _ranges.Where(r => r.Range != range);
        _ranges = ban is null ? [.. others] : [.. others, new RangeBan(range, ban)];
    }

    // Under attack from more addresses than the list holds, the ban closest to its end makes room.
    private void ForgetSoonestAutomaticLocked()
    {
        UInt128? victim = null;
        var soonest = DateTimeOffset.MaxValue;
        foreach (var (key, ban) in _addresses)
        {
            if (ban.Automatic && ban.ExpiresAt is { } expires && expires < soonest)
            {
                soonest = expires;
                victim = key;
            }
        }

        if (victim is { } oldest)
        {
            var range = IpRange.Of(oldest);
            SetLocked(range, null);
            _unwritten.Enqueue(range);
        }
    }

    private void Write(IpRange range)
    {
        _unwritten.Enqueue(range);
        Flush();
    }

    private void ScheduleWriter()
    {
        if (Interlocked.CompareExchange(ref _writerScheduled, 1, 0) == 0)
        {
            _scheduleWriter(WriteBehind);
        }
    }

    private void WriteBehind()
    {
        while (true)
        {
            lock (_storeLock)
            {
                WriteUnwrittenLocked();
            }

            Volatile.Write(ref _writerScheduled, 0);
            // A change queued after the drain but before the flag dropped found the writer still scheduled: take it.
            if (_unwritten.IsEmpty || Interlocked.CompareExchange(ref _writerScheduled, 1, 0) != 0)
            {
                return;
            }
        }
    }

    // Writes the current in-memory state of each queued range (not the state when it was queued), so writes from
    // the admin and from the guard can interleave in any order and the store still ends up matching memory.
    private void WriteUnwrittenLocked()
    {
        while (_unwritten.TryDequeue(out var range))
        {
            var address = range.ToString();
            try
            {
                var current = Find(range);
                var stored = _collection.FindOne(b => b.Address == address);
                if (current is null)
                {
                    if (stored is not null)
                    {
                        _collection.Delete(stored.Id);
                    }
                }
                else if (stored is null)
                {
                    _collection.Insert(current with { Id = 0 });
                }
                else
                {
                    _collection.Update(current with { Id = stored.Id });
                }
            }
            catch (Exception ex) when (ex is LiteException or IOException or ObjectDisposedException)
            {
                // (ObjectDisposedException: the box is shutting down and closed the store under the writer.)
                // The ban still holds in memory; it is lost only if the box restarts before the next change of it.
                Log.SipBanWriteFailed(_logger, address, ex.Message);
            }
        }
    }

    private void Load()
    {
        foreach (var ban in _collection.FindAll())
        {
            if (IpRange.TryParse(ban.Address, out var range, out _))
            {
                SetLocked(range, ban);
            }
            else
            {
                Log.SipBanUnreadable(_logger, ban.Address);
            }
        }
    }

    private readonly record struct RangeBan(IpRange Range, SipBan Ban);
}
