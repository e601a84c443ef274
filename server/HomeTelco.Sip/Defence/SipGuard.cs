using System.Globalization;
using System.Net;
using HomeTelco.Core.SipSecurity;
using HomeTelco.Sip.Engine;
using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Transport;
using Microsoft.Extensions.Logging;

namespace HomeTelco.Sip.Defence;

/// <summary>
/// The SIP engine's defence: which sources are heard at all, and what to make of what the registrar and proxy report
/// about them. Banned sources get silence (no answer tells a scanner nothing). Every source has a token bucket;
/// sources that have not authenticated share one more bucket between them, so a flood from many addresses drains
/// that one and not the phones'. Scanner User-Agents are banned at the first packet; repeated failed
/// authentications, probes of unknown extensions and sustained flooding are banned after a few strikes, for longer
/// each time. The guard only counts: it never changes what the registrar answers.
/// </summary>
/// <remarks>
/// Called on the receive path and, by the registrar and proxy, under the transaction lock: everything here is a
/// table lookup under <see cref="_sourcesLock"/>, and bans go to the ban list in memory, written to disk behind.
/// </remarks>
internal sealed class SipGuard
{
    private readonly SipGuardOptions _options;
    private readonly SipBanService _bans;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SipScannerAgents _scanners;
    private readonly IpRange[] _allowlist;
    private readonly LogLimiter _banLog;
    private readonly long _frequency;
    private readonly long _excessWindow;
    private readonly long _housekeepingInterval;

    // Guards the source table, the strike windows, the known phones and the shared bucket of unknown sources.
    private readonly Lock _sourcesLock = new();
    private readonly SipSourceTable _sources;
    private readonly SipStrikeWindow _authFailures;
    private readonly SipStrikeWindow _probes;
    private readonly SipKnownSources _known;
    private TokenBucket _unknownTotal;

    private long _nextHousekeeping;
    private long _silenced;
    private long _rateLimited;
    private long _automaticBans;

    public SipGuard(SipGuardOptions options, SipBanService bans, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(bans);
        options.Validate();
        _options = options;
        _bans = bans;
        _time = time;
        _logger = logger;
        _scanners = new SipScannerAgents(options.ScannerAgents);
        _allowlist = [.. options.Allowlist];
        _banLog = new LogLimiter(time, TimeSpan.FromMinutes(1));
        _frequency = time.TimestampFrequency;
        _excessWindow = Ticks(options.ExcessWindow);
        _housekeepingInterval = Ticks(options.HousekeepingInterval);
        _sources = new SipSourceTable(options.SourceCapacity);
        _authFailures = new SipStrikeWindow(options.SourceCapacity, options.AuthFailureLimit, Ticks(options.AuthFailureWindow));
        _probes = new SipStrikeWindow(options.SourceCapacity, options.ProbeLimit, Ticks(options.ProbeWindow));
        _known = new SipKnownSources(options.KnownCapacity, Ticks(options.KnownFor));
        _nextHousekeeping = time.GetTimestamp() + _housekeepingInterval;
        bans.Lifted += Forgive;
    }

    /// <summary>Bans in force now.</summary>
    public int BannedSources => _bans.ActiveCount();

    /// <summary>Messages dropped because their source is banned.</summary>
    public long Silenced => Interlocked.Read(ref _silenced);

    /// <summary>Messages dropped because their source, or all unknown sources together, ran over the rate.</summary>
    public long RateLimited => Interlocked.Read(ref _rateLimited);

    /// <summary>Bans the guard has set since the box started.</summary>
    public long AutomaticBans => Interlocked.Read(ref _automaticBans);

    /// <summary>Sources tracked now (never more than the table's capacity).</summary>
    public int TrackedSources
    {
        get
        {
            lock (_sourcesLock)
            {
                return _sources.Count;
            }
        }
    }

    /// <summary>True when <paramref name="address"/> is banned (the transports refuse its connections outright).</summary>
    public bool IsBanned(IPAddress address) => _bans.IsBanned(IpRange.KeyOf(address));

    /// <summary>False when the message from <paramref name="source"/> is to be ignored without an answer.</summary>
    public bool Admit(SipMessage message, SipEndPoint source)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(source);
        var key = IpRange.KeyOf(source.EndPoint.Address);
        if (_bans.IsBanned(key))
        {
            Interlocked.Increment(ref _silenced);
            return false;
        }

        var now = _time.GetTimestamp();
        Housekeep(now);
        var allowlisted = IsAllowlisted(key);
        if (!allowlisted && message.IsRequest && _scanners.IsScanner(message, out var agent))
        {
            Ban(key, "scanner", $"Scanner User-Agent \"{Printable(agent.Span)}\".");
            Interlocked.Increment(ref _silenced);
            return false;
        }

        bool admitted;
        var flooding = false;
        lock (_sourcesLock)
        {
            var known = allowlisted || _known.IsKnown(key, now);
            ref var state = ref _sources[Slot(key)];
            if (!state.Bucket.TryTake(now, known ? _options.KnownRate : _options.UnknownRate, known ? _options.KnownBurst : _options.UnknownBurst, _frequency))
            {
                admitted = false;
                flooding = !known && state.CountExcess(now, _excessWindow) >= _options.ExcessLimit;
            }
            else
            {
                // Known phones never draw on the shared bucket, so a many-address flood cannot starve them.
                admitted = known || _unknownTotal.TryTake(now, _options.UnknownTotalRate, _options.UnknownTotalBurst, _frequency);
            }
        }

        if (!admitted)
        {
            Interlocked.Increment(ref _rateLimited);
        }

        if (flooding)
        {
            Ban(key, "flood", $"Flooding: {_options.ExcessLimit} messages over the rate limit within {Describe(_options.ExcessWindow)}.");
        }

        return admitted;
    }

    /// <summary>Digest credentials were wrong, or named an extension that does not exist.</summary>
    public void AuthenticationFailed(SipEndPoint source, string? user)
    {
        ArgumentNullException.ThrowIfNull(source);
        var key = IpRange.KeyOf(source.EndPoint.Address);
        if (IsAllowlisted(key))
        {
            return;
        }

        bool ban;
        lock (_sourcesLock)
        {
            ban = _authFailures.Strike(Slot(key), _time.GetTimestamp());
        }

        if (ban)
        {
            Ban(key, "auth", $"{_options.AuthFailureLimit} failed authentications within {Describe(_options.AuthFailureWindow)} (the last as \"{Printable(user)}\").");
        }
    }

    /// <summary>A request was addressed to an extension or domain that is not ours.</summary>
    public void ProbedUnknown(SipEndPoint source, string? target)
    {
        ArgumentNullException.ThrowIfNull(source);
        var key = IpRange.KeyOf(source.EndPoint.Address);
        if (IsAllowlisted(key))
        {
            return;
        }

        var now = _time.GetTimestamp();
        bool ban;
        lock (_sourcesLock)
        {
            // A phone of the box dialling a wrong number is not probing.
            ban = !_known.IsKnown(key, now) && _probes.Strike(Slot(key), now);
        }

        if (ban)
        {
            Ban(key, "probe", $"Probing: {_options.ProbeLimit} requests for unknown extensions or domains within {Describe(_options.ProbeWindow)} (the last for \"{Printable(target)}\").");
        }
    }

    /// <summary>Digest credentials were right: the source is a phone of the box.</summary>
    public void Authenticated(SipEndPoint source, string user)
    {
        ArgumentNullException.ThrowIfNull(source);
        var key = IpRange.KeyOf(source.EndPoint.Address);
        lock (_sourcesLock)
        {
            _known.Mark(key, _time.GetTimestamp());
        }
    }

    // The source's slot in the table; a new or recycled slot starts with no strikes.
    private int Slot(UInt128 key)
    {
        var slot = _sources.GetOrAdd(key, out var added);
        if (added)
        {
            _authFailures.Clear(slot);
            _probes.Clear(slot);
        }

        return slot;
    }

    private bool IsAllowlisted(UInt128 key)
    {
        foreach (var range in _allowlist)
        {
            if (range.Contains(key))
            {
                return true;
            }
        }

        return false;
    }

    private void Ban(UInt128 key, string kind, string reason)
    {
        var ban = _bans.BanAutomatically(key, reason, _options.BanLadder);
        if (ban is null)
        {
            return;
        }

        Interlocked.Increment(ref _automaticBans);
        if (_banLog.ShouldLog(kind, out var suppressed))
        {
            Log.SourceBanned(_logger, ban.Address, Describe(ban.ExpiresAt!.Value - ban.CreatedAt), ban.Offences, ban.Reason, suppressed);
        }
    }

    // An admin lifted a ban: the sources it covered start again with a full bucket and no strikes.
    private void Forgive(IpRange range)
    {
        lock (_sourcesLock)
        {
            // Slots fill from the start and are only ever recycled, so the first Count are the ones in use.
            for (var slot = 0; slot < _sources.Count; slot++)
            {
                ref var state = ref _sources[slot];
                if (range.Contains(state.Key))
                {
                    state.Bucket = default;
                    state.Excess = 0;
                    _authFailures.Clear(slot);
                    _probes.Clear(slot);
                }
            }
        }
    }

    private void Housekeep(long now)
    {
        var due = Interlocked.Read(ref _nextHousekeeping);
        if (now < due || Interlocked.CompareExchange(ref _nextHousekeeping, now + _housekeepingInterval, due) != due)
        {
            return;
        }

        _bans.Expire();
        lock (_sourcesLock)
        {
            _known.Purge(now);
        }
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _frequency);

    private static string Describe(TimeSpan span) =>
        span.TotalHours >= 1 && span.TotalHours == Math.Floor(span.TotalHours) ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalHours} h")
        : span.TotalMinutes >= 1 && span.TotalMinutes == Math.Floor(span.TotalMinutes) ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes} min")
        : string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.#} s");

    // What a hostile peer wrote goes into the ban reason and the log: printable ASCII only, and not much of it.
    private static string Printable(ReadOnlySpan<byte> text)
    {
        Span<char> chars = stackalloc char[Math.Min(text.Length, 64)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = text[i] is >= 0x20 and < 0x7f and not (byte)'"' ? (char)text[i] : '?';
        }

        return new string(chars);
    }

    private static string Printable(string? text) => text is null ? "" : Printable(System.Text.Encoding.UTF8.GetBytes(text.Length > 64 ? text[..64] : text));
}
