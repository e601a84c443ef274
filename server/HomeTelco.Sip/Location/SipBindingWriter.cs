using System.Threading.Channels;
using HomeTelco.Core.Store;
using LiteDB;
using Microsoft.Extensions.Logging;

namespace HomeTelco.Sip.Location;

/// <summary>
/// Write-behind for the location service: the registrar runs with the transaction lock held and must never wait on the
/// disk, so it only records what changed here; <see cref="RunAsync"/> writes the changes in batches, one LiteDB
/// transaction each. Changes are kept per binding id (the latest state wins, null meaning deleted), so the pending set
/// never holds more than one entry per binding however often a phone refreshes.
/// </summary>
internal sealed class SipBindingWriter
{
    private readonly HomeStore _store;
    private readonly ILiteCollection<SipBindingDocument> _collection;
    private readonly TimeProvider _time;
    private readonly TimeSpan _delay;
    private readonly ILogger _logger;
    private readonly Lock _pendingLock = new();
    private readonly Lock _flushLock = new();
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private Dictionary<long, SipBinding?> _pending = [];
    private Dictionary<long, SipBinding?> _spare = [];

    public SipBindingWriter(HomeStore store, TimeProvider time, TimeSpan delay, ILogger logger)
    {
        _store = store;
        _collection = store.Collection<SipBindingDocument>(Collections.SipBindings);
        _time = time;
        _delay = delay;
        _logger = logger;
    }

    /// <summary>Changes not yet written.</summary>
    public int Pending
    {
        get
        {
            lock (_pendingLock)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Every stored document (at start, before the writer runs).</summary>
    public List<SipBindingDocument> ReadAll() => [.. _collection.FindAll()];

    /// <summary>Deletes documents at start (expired, of removed extensions, unreadable) in one transaction.</summary>
    public void DeleteNow(IReadOnlyCollection<long> ids)
    {
        if (ids.Count == 0)
        {
            return;
        }

        _store.InTransaction(() =>
        {
            foreach (var id in ids)
            {
                _collection.Delete(id);
            }

            return 0;
        });
    }

    /// <summary>Records that <paramref name="binding"/> now exists in this state. Never blocks on the disk.</summary>
    public void Upsert(SipBinding binding) => Record(binding.Id, binding);

    /// <summary>Records that the binding with <paramref name="id"/> is gone. Never blocks on the disk.</summary>
    public void Delete(long id) => Record(id, null);

    /// <summary>Writes pending changes as they come, until <paramref name="cancellationToken"/> ends it; then writes what is left.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await _wake.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                _wake.Reader.TryRead(out _);
                await Task.Delay(_delay, _time, cancellationToken).ConfigureAwait(false);
                Flush();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the final flush below saves what the last batch window held.
        }

        Flush();
    }

    /// <summary>Writes every pending change now, in one transaction. A failed write keeps the changes for the next try.</summary>
    public void Flush()
    {
        lock (_flushLock)
        {
            Dictionary<long, SipBinding?> batch;
            lock (_pendingLock)
            {
                if (_pending.Count == 0)
                {
                    return;
                }

                batch = _pending;
                _pending = _spare;
                _spare = batch;
            }

            try
            {
                _store.InTransaction(() =>
                {
                    foreach (var (id, binding) in batch)
                    {
                        if (binding is null)
                        {
                            _collection.Delete(id);
                        }
                        else
                        {
                            _collection.Upsert(SipBindingDocument.From(binding));
                        }
                    }

                    return 0;
                });
                Log.BindingsWritten(_logger, batch.Count);
            }
            catch (Exception ex) when (ex is LiteException or IOException or UnauthorizedAccessException)
            {
                Log.BindingsWriteFailed(_logger, batch.Count, ex.Message);
                Requeue(batch);
            }
            finally
            {
                batch.Clear();
            }
        }
    }

    private void Record(long id, SipBinding? binding)
    {
        lock (_pendingLock)
        {
            _pending[id] = binding;
        }

        _wake.Writer.TryWrite(true);
    }

    /// <summary>Puts a failed batch back, except where a newer change to the same binding arrived meanwhile.</summary>
    private void Requeue(Dictionary<long, SipBinding?> batch)
    {
        lock (_pendingLock)
        {
            foreach (var (id, binding) in batch)
            {
                _pending.TryAdd(id, binding);
            }
        }
    }
}
