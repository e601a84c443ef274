using System.Collections.Concurrent;
using HomeTelco.Core.Store;
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
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SipBanWriter _writer;

    // Guards every change to the in-memory list; never held while writing to the store.
    private readonly Lock _listLock = new();
    private readonly ConcurrentDictionary<UInt128, SipBan> _addresses = new();
    private volatile RangeBan[] _ranges = [];
    private int _automaticCount;
    private int _manualCount;

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
        _time = time;
        _logger = logger;
        _writer = new SipBanWriter(store.Collection<SipBan>(Collections.SipBans), Find, logger, scheduleWriter);
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
        (var range, reason) = SipBanPolicy.CheckManualBan(address, reason, minutes);
        var now = _time.GetUtcNow();
        lock (_listLock)
        {
            var existing = Find(range);
            if (existing is not { Automatic: false } && _manualCount >= SipBanPolicy.MaxManualBans)
            {
                throw new BoxRequestException($"The ban list holds at most {SipBanPolicy.MaxManualBans} bans set by hand; lift some first.") { IsConflict = true };
            }

            SetLocked(range, new SipBan
            {
                Address = range.ToString(),
                Reason = reason ?? "Banned by an admin.",
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
        var range = SipBanPolicy.ParseAddress(address);
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
            if (previous is null && _automaticCount >= SipBanPolicy.MaxAutomaticBans)
            {
                ForgetSoonestAutomaticLocked();
            }

            ban = new SipBan
            {
                Address = range.ToString(),
                Reason = reason.Length <= SipBanPolicy.MaxReasonLength ? reason : reason[..SipBanPolicy.MaxReasonLength],
                Automatic = true,
                CreatedAt = now,
                ExpiresAt = now + ladder[Math.Min(offences, ladder.Count) - 1],
                Offences = offences,
            };
            SetLocked(range, ban);
            _writer.Enqueue(range);
        }

        _writer.WriteBehind();
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
                _writer.Enqueue(range);
            }
        }

        _writer.WriteBehind();
        return gone.Count;
    }

    /// <summary>Writes every change still waiting to be written, on the caller's thread (shutdown, tests).</summary>
    public void Flush() => _writer.Flush();

    /// <summary>Writes what is still queued. The container disposes this before the store it depends on.</summary>
    public void Dispose() => Flush();

    /// <summary>A restore replaced the collection: queued writes belong to the old contents and are dropped, the list is read again.</summary>
    void IStoreRestoreListener.StoreRestored() => _writer.Discard(() =>
    {
        lock (_listLock)
        {
            _addresses.Clear();
            _ranges = [];
            _automaticCount = 0;
            _manualCount = 0;
            Interlocked.Exchange(ref _nextForgetting, long.MaxValue);
            Load();
        }
    });

    private static bool IsForgotten(SipBan ban, DateTimeOffset now) => ForgettingTicks(ban) <= now.UtcTicks;

    private static long ForgettingTicks(SipBan ban) =>
        ban.ExpiresAt is not { } expires ? long.MaxValue : (ban.Automatic ? expires + SipBanPolicy.RememberOffencesFor : expires).UtcTicks;

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
            _writer.Enqueue(range);
        }
    }

    private void Write(IpRange range)
    {
        _writer.Enqueue(range);
        _writer.Flush();
    }

    private void Load()
    {
        foreach (var ban in _writer.ReadAll())
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
