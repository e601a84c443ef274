using System.Collections.Concurrent;
using System.Net;
using HomeTelco.Core.Phones;
using HomeTelco.Core.Store;
using HomeTelco.Sip.Transport;
using Microsoft.Extensions.Logging;

namespace HomeTelco.Sip.Location;

/// <summary>
/// Where every extension's phones are (RFC 3261 §10's location service): in memory for the proxy, which looks up on
/// every INVITE, and written behind to the <c>sip_bindings</c> collection so registrations survive a restart.
/// Each extension's bindings are one immutable array, highest q first, swapped whole on a change: lookups take no lock
/// and allocate nothing unless a binding has lapsed since the last purge. All changes go through
/// <see cref="_bindingsWriteLock"/>.
/// </summary>
internal sealed class SipLocationService : ISipLocation, IPhoneRegistrations, IDisposable
{
    private static readonly SipBinding[] None = [];
    private static readonly Comparison<SipBinding> Preference = ComparePreference;

    private readonly ConcurrentDictionary<string, SipBinding[]> _byNumber = new(StringComparer.Ordinal);
    private readonly Lock _bindingsWriteLock = new();
    private readonly SipBindingWriter _writer;
    private readonly TimeProvider _time;
    private readonly SipLocationOptions _options;
    private readonly ILogger _logger;
    private ITimer? _purgeTimer;
    private int _count;
    private long _nextId = 1;
    private bool _started;

    public SipLocationService(HomeStore store, TimeProvider time, SipLocationOptions options, ILogger logger)
    {
        _time = time;
        _options = options;
        _logger = logger;
        _writer = new SipBindingWriter(store, time, options.WriteDelay, logger);
    }

    /// <summary>Bindings held now, including any that lapsed since the last purge.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Changes not yet written to the store.</summary>
    public int PendingWrites => _writer.Pending;

    /// <summary>
    /// Loads the stored bindings (dropping lapsed ones and those of extensions that no longer exist; stream
    /// connections are gone after a restart, so flows keep their address but lose the connection id) and starts the
    /// purge timer. Called once by the engine as it starts; until then the service is empty.
    /// </summary>
    public void Start(Func<string, bool> isKnownNumber)
    {
        ArgumentNullException.ThrowIfNull(isKnownNumber);
        lock (_bindingsWriteLock)
        {
            if (_started)
            {
                return;
            }

            _started = true;
        }

        var now = _time.GetUtcNow();
        var dropped = new List<long>();
        var kept = new List<SipBinding>();
        foreach (var document in _writer.ReadAll())
        {
            var binding = document.ToBinding();
            if (binding is null || binding.ExpiresAt <= now || !isKnownNumber(binding.Number))
            {
                dropped.Add(document.Id);
                continue;
            }

            kept.Add(binding);
        }

        if (kept.Count > _options.MaxBindings)
        {
            // A smaller limit than the last run's: keep the bindings that last longest.
            kept.Sort((a, b) => b.ExpiresAt.CompareTo(a.ExpiresAt));
            dropped.AddRange(kept.Skip(_options.MaxBindings).Select(b => b.Id));
            kept.RemoveRange(_options.MaxBindings, kept.Count - _options.MaxBindings);
        }

        _writer.DeleteNow(dropped);
        lock (_bindingsWriteLock)
        {
            foreach (var group in kept.GroupBy(b => b.Number, StringComparer.Ordinal))
            {
                var bindings = group.ToArray();
                Array.Sort(bindings, Preference);
                _byNumber[group.Key] = bindings;
                _count += bindings.Length;
            }

            _nextId = kept.Count == 0 ? 1 : kept.Max(b => b.Id) + 1;
            _purgeTimer ??= _time.CreateTimer(_ => Purge(), null, _options.PurgeInterval, _options.PurgeInterval);
        }

        Log.BindingsLoaded(_logger, kept.Count, dropped.Count);
    }

    /// <summary>The write-behind loop; ends with a final write when <paramref name="cancellationToken"/> is cancelled.</summary>
    public Task RunWriterAsync(CancellationToken cancellationToken) => _writer.RunAsync(cancellationToken);

    /// <summary>Writes every pending change now (the engine calls it once more after the listeners stop).</summary>
    public void Flush() => _writer.Flush();

    /// <summary>
    /// The UDP flows of phones behind NAT, for the server keep-alives that hold their NAT mappings open (RFC 5626 §4.4
    /// asks the phone to do it; most phones without outbound never do). Unexpired bindings only.
    /// </summary>
    public IEnumerable<SipEndPoint> NatUdpFlows()
    {
        var now = _time.GetUtcNow();
        foreach (var bindings in _byNumber.Values)
        {
            foreach (var binding in bindings)
            {
                if (binding.BehindNat && binding.Flow.Transport == SipTransportKind.Udp && binding.ExpiresAt > now)
                {
                    yield return binding.Flow;
                }
            }
        }
    }

    public IReadOnlyList<SipBinding> Lookup(string number)
    {
        if (!_byNumber.TryGetValue(number, out var all))
        {
            return None;
        }

        return Live(all, _time.GetUtcNow());
    }

    /// <summary>
    /// Changes one extension's bindings atomically (RFC 3261 §10.3: a REGISTER is applied whole or not at all).
    /// <paramref name="editor"/> gets the unexpired bindings and returns the complete new set as a new array (bindings
    /// it keeps unchanged are returned as the same instances, so they are not written again; new ones have Id 0), or
    /// null to abort. It runs under the write lock: it must be quick and must not call back into this service.
    /// </summary>
    /// <param name="number">The extension.</param>
    /// <param name="state">Passed to <paramref name="editor"/>, so it needs no closure.</param>
    /// <param name="editor">Computes the new set.</param>
    /// <param name="current">The extension's bindings afterwards (unchanged unless applied), highest q first.</param>
    public SipBindingUpdate Update<TState>(string number, TState state, Func<IReadOnlyList<SipBinding>, TState, SipBinding[]?> editor, out SipBinding[] current)
    {
        ArgumentNullException.ThrowIfNull(editor);
        lock (_bindingsWriteLock)
        {
            var old = _byNumber.GetValueOrDefault(number) ?? None;
            var live = Live(old, _time.GetUtcNow());
            var edited = editor(live, state);
            if (edited is null)
            {
                current = live;
                return SipBindingUpdate.Aborted;
            }

            if (edited.Length > old.Length && _count + edited.Length - old.Length > _options.MaxBindings)
            {
                current = live;
                return SipBindingUpdate.Full;
            }

            // Published arrays are read without a lock, so the one about to be sorted must be private.
            var next = ReferenceEquals(edited, old) || ReferenceEquals(edited, live) ? (SipBinding[])edited.Clone() : edited;
            for (var i = 0; i < next.Length; i++)
            {
                if (next[i].Id == 0)
                {
                    next[i] = next[i] with { Id = _nextId++ };
                }
            }

            Array.Sort(next, Preference);
            Replace(number, old, next);
            current = next;
            return SipBindingUpdate.Applied;
        }
    }

    /// <summary>Removes every binding of <paramref name="number"/> (its extension was deleted). Returns how many.</summary>
    public int RemoveAll(string number)
    {
        lock (_bindingsWriteLock)
        {
            var old = _byNumber.GetValueOrDefault(number) ?? None;
            Replace(number, old, None);
            return old.Length;
        }
    }

    /// <summary>
    /// A stream connection closed: the bindings that can only be reached over it are gone. Those are the ones behind
    /// NAT (the box cannot open a connection through the phone's NAT) and RFC 5626 ones (the flow is the binding,
    /// §5.3); a phone reachable at its contact keeps its binding. Returns how many were removed.
    /// </summary>
    public int RemoveFlow(SipTransportKind transport, long connectionId)
    {
        lock (_bindingsWriteLock)
        {
            var removed = 0;
            foreach (var (number, old) in _byNumber)
            {
                var next = Without(old, b => b.Flow.Transport == transport && b.Flow.ConnectionId == connectionId && (b.BehindNat || b.IsOutbound));
                if (next is not null)
                {
                    removed += old.Length - next.Length;
                    Replace(number, old, next);
                }
            }

            return removed;
        }
    }

    /// <summary>Removes lapsed bindings from memory and the store; the purge timer calls it. Returns how many.</summary>
    public int Purge()
    {
        var now = _time.GetUtcNow();
        lock (_bindingsWriteLock)
        {
            var removed = 0;
            foreach (var (number, old) in _byNumber)
            {
                var next = Without(old, b => b.ExpiresAt <= now);
                if (next is not null)
                {
                    removed += old.Length - next.Length;
                    Replace(number, old, next);
                }
            }

            return removed;
        }
    }

    /// <summary>The portal's view: unexpired registrations of one extension or all, by extension then preference.</summary>
    public IReadOnlyList<PhoneRegistration> List(string? number = null)
    {
        var now = _time.GetUtcNow();
        IEnumerable<SipBinding> bindings = number is null ? _byNumber.Values.SelectMany(b => b) : Lookup(number);
        return
        [
            .. bindings
                .Where(b => b.ExpiresAt > now)
                .OrderBy(b => b.Number.Length)
                .ThenBy(b => b.Number, StringComparer.Ordinal)
                .ThenByDescending(b => b.Q)
                .Select(ToRegistration),
        ];
    }

    public void Dispose()
    {
        lock (_bindingsWriteLock)
        {
            _purgeTimer?.Dispose();
            _purgeTimer = null;
        }
    }

    internal static string TransportName(SipTransportKind transport) => transport.ToString() switch
    {
        "Udp" => "UDP",
        "Tcp" => "TCP",
        "Tls" => "TLS",
        var name when name.StartsWith('W') => "WS",
        var name => name.ToUpperInvariant(),
    };

    /// <summary>Publishes <paramref name="next"/> for <paramref name="number"/> and records the difference for the store.</summary>
    private void Replace(string number, SipBinding[] old, SipBinding[] next)
    {
        foreach (var binding in old)
        {
            if (IndexOfId(next, binding.Id) < 0)
            {
                _writer.Delete(binding.Id);
            }
        }

        foreach (var binding in next)
        {
            var previous = IndexOfId(old, binding.Id);
            if (previous < 0 || !ReferenceEquals(old[previous], binding))
            {
                _writer.Upsert(binding);
            }
        }

        if (next.Length == 0)
        {
            _byNumber.TryRemove(number, out _);
        }
        else
        {
            _byNumber[number] = next;
        }

        _count += next.Length - old.Length;
    }

    private static SipBinding[] Live(SipBinding[] all, DateTimeOffset now)
    {
        var live = 0;
        foreach (var binding in all)
        {
            live += binding.ExpiresAt > now ? 1 : 0;
        }

        if (live == all.Length)
        {
            return all;
        }

        if (live == 0)
        {
            return None;
        }

        var result = new SipBinding[live];
        var at = 0;
        foreach (var binding in all)
        {
            if (binding.ExpiresAt > now)
            {
                result[at++] = binding;
            }
        }

        return result;
    }

    /// <summary>The array without the matching bindings, or null when none match (nothing to change).</summary>
    private static SipBinding[]? Without(SipBinding[] all, Func<SipBinding, bool> remove)
    {
        List<SipBinding>? kept = null;
        for (var i = 0; i < all.Length; i++)
        {
            if (remove(all[i]))
            {
                kept ??= [.. all.AsSpan(0, i)];
            }
            else
            {
                kept?.Add(all[i]);
            }
        }

        return kept?.ToArray();
    }

    private static int IndexOfId(SipBinding[] bindings, long id)
    {
        for (var i = 0; i < bindings.Length; i++)
        {
            if (bindings[i].Id == id)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Higher q first (RFC 3261 §16.6 tries them in that order), then the most recently refreshed.</summary>
    private static int ComparePreference(SipBinding a, SipBinding b)
    {
        var byQ = b.Q.CompareTo(a.Q);
        if (byQ != 0)
        {
            return byQ;
        }

        var byAge = b.RefreshedAt.CompareTo(a.RefreshedAt);
        return byAge != 0 ? byAge : a.Id.CompareTo(b.Id);
    }

    private static PhoneRegistration ToRegistration(SipBinding binding)
    {
        var source = binding.Flow.EndPoint;
        var address = source.Address.IsIPv4MappedToIPv6 ? source.Address.MapToIPv4() : source.Address;
        return new PhoneRegistration(
            binding.Number,
            binding.Contact,
            TransportName(binding.Flow.Transport),
            new IPEndPoint(address, source.Port).ToString(),
            binding.UserAgent,
            binding.BehindNat,
            binding.ExpiresAt);
    }
}
