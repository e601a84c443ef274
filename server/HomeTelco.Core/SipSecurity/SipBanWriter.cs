using System.Collections.Concurrent;
using LiteDB;
using Microsoft.Extensions.Logging;

namespace HomeTelco.Core.SipSecurity;

/// <summary>
/// Writes the ban list's changes to the <c>sip_bans</c> collection. A change is a range whose ban was set, replaced or
/// lifted; the writer stores the list's current ban of that range (not the one at the time of the change), so changes
/// written now by an admin and behind for the guard can land in any order and the collection still ends up matching
/// memory.
/// </summary>
internal sealed class SipBanWriter(ILiteCollection<SipBan> collection, Func<IpRange, SipBan?> current, ILogger logger, Action<Action> schedule)
{
    // One writer to the collection at a time; held while writing, never taken on the guard's path.
    private readonly Lock _storeLock = new();
    private readonly ConcurrentQueue<IpRange> _unwritten = new();
    private int _scheduled;

    /// <summary>Every stored ban, for loading the list.</summary>
    public IEnumerable<SipBan> ReadAll() => collection.FindAll();

    /// <summary>Queues a change without writing or scheduling (the caller does one of those next).</summary>
    public void Enqueue(IpRange range) => _unwritten.Enqueue(range);

    /// <summary>Has the queued changes written on a pool thread; returns at once.</summary>
    public void WriteBehind()
    {
        if (!_unwritten.IsEmpty && Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
        {
            schedule(Drain);
        }
    }

    /// <summary>Writes every queued change on the caller's thread.</summary>
    public void Flush()
    {
        lock (_storeLock)
        {
            WriteQueuedLocked();
        }
    }

    /// <summary>Drops queued changes (they describe contents a restore replaced) and runs <paramref name="reload"/> with no write in flight.</summary>
    public void Discard(Action reload)
    {
        lock (_storeLock)
        {
            _unwritten.Clear();
            reload();
        }
    }

    private void Drain()
    {
        while (true)
        {
            Flush();
            Volatile.Write(ref _scheduled, 0);
            // A change queued after the drain but before the flag dropped found the writer still scheduled: take it.
            if (_unwritten.IsEmpty || Interlocked.CompareExchange(ref _scheduled, 1, 0) != 0)
            {
                return;
            }
        }
    }

    private void WriteQueuedLocked()
    {
        while (_unwritten.TryDequeue(out var range))
        {
            var address = range.ToString();
            try
            {
                var ban = current(range);
                var stored = collection.FindOne(b => b.Address == address);
                if (ban is null)
                {
                    if (stored is not null)
                    {
                        collection.Delete(stored.Id);
                    }
                }
                else if (stored is null)
                {
                    collection.Insert(ban with { Id = 0 });
                }
                else
                {
                    collection.Update(ban with { Id = stored.Id });
                }
            }
            catch (Exception ex) when (ex is LiteException or IOException or ObjectDisposedException)
            {
                // (ObjectDisposedException: the box is shutting down and closed the store under the writer.)
                // The ban still holds in memory; it is lost only if the box restarts before the next change of it.
                Log.SipBanWriteFailed(logger, address, ex.Message);
            }
        }
    }
}
