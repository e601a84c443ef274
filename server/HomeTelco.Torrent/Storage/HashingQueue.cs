using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace HomeTelco.Torrent.Storage;

/// <summary>
/// The box's hashing workers: completed pieces wait in a bounded channel and one or two workers (from the hardware
/// profile) hash and write them, so neither SHA work nor disk writes ever run on a peer's network loop. When hashing
/// falls behind, <see cref="EnqueueAsync"/> waits: the peers that deliver pieces slow down instead of memory growing.
/// </summary>
internal sealed class HashingQueue : IAsyncDisposable
{
    private readonly Channel<IHashJob> _jobs;
    private readonly ILogger _logger;
    private readonly int _workerCount;
    private Task[] _workers = [];

    /// <param name="workers">Threads hashing at once (1 on a router, 2 on bigger boxes).</param>
    /// <param name="capacity">Completed pieces that may wait for a worker.</param>
    /// <param name="logger">Where a job's unexpected failure is reported.</param>
    public HashingQueue(int workers, int capacity, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _workerCount = workers;
        _logger = logger;
        _jobs = Channel.CreateBounded<IHashJob>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = workers == 1,
        });
    }

    /// <summary>Jobs waiting for a worker.</summary>
    public int Waiting => _jobs.Reader.Count;

    /// <summary>Starts the workers; call once.</summary>
    public void Start()
    {
        if (_workers.Length != 0)
        {
            throw new InvalidOperationException("The hashing workers are already running.");
        }

        _workers = new Task[_workerCount];
        for (var i = 0; i < _workers.Length; i++)
        {
            // LongRunning: a dedicated thread, so hashing never takes a thread-pool thread that socket I/O needs.
            _workers[i] = Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
    }

    /// <summary>Queues a job; waits while the queue is full.</summary>
    public ValueTask EnqueueAsync(IHashJob job, CancellationToken cancellationToken) => _jobs.Writer.WriteAsync(job, cancellationToken);

    /// <summary>Lets queued jobs finish, then stops the workers.</summary>
    public async ValueTask DisposeAsync()
    {
        _jobs.Writer.TryComplete();
        await Task.WhenAll(_workers).ConfigureAwait(false);
    }

    private void Work()
    {
        var reader = _jobs.Reader;
        // Blocking waits are right here: this is a dedicated thread that has nothing else to do.
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (reader.TryRead(out var job))
            {
                try
                {
                    job.Run();
                }
                catch (Exception ex)
                {
                    // A job reports its own failures; reaching here is a bug, and must not kill the worker.
                    Log.HashJobCrashed(_logger, ex);
                }
            }
        }
    }
}

/// <summary>Work for a hashing worker: hash a piece and act on the result. Runs on the worker's own thread.</summary>
internal interface IHashJob
{
    void Run();
}
