using HomeTelco.Torrent.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace HomeTelco.Torrent.Tests.Storage;

public sealed class HashingQueueTests
{
    [Fact]
    public async Task EnqueueAsync_QueueFull_WaitsUntilAWorkerTakesAJob()
    {
        using var release = new ManualResetEventSlim();
        using var started = new ManualResetEventSlim();
        var ran = 0;
        var queue = new HashingQueue(workers: 1, capacity: 1, NullLogger.Instance);
        await using (queue)
        {
            queue.Start();
            await queue.EnqueueAsync(new Job(() => { started.Set(); release.Wait(TimeSpan.FromSeconds(30)); Interlocked.Increment(ref ran); }), CancellationToken.None);
            Assert.True(started.Wait(TimeSpan.FromSeconds(30)));
            await queue.EnqueueAsync(new Job(() => Interlocked.Increment(ref ran)), CancellationToken.None); // fills the one slot

            var third = queue.EnqueueAsync(new Job(() => Interlocked.Increment(ref ran)), CancellationToken.None).AsTask();
            Assert.False(third.IsCompleted);
            Assert.Equal(1, queue.Waiting);

            release.Set();
            await third.WaitAsync(TimeSpan.FromSeconds(30));
        }

        // Disposing lets queued jobs finish.
        Assert.Equal(3, ran);
    }

    [Fact]
    public async Task Run_JobThrows_WorkerKeepsGoing()
    {
        var ran = 0;
        var queue = new HashingQueue(workers: 1, capacity: 4, NullLogger.Instance);
        await using (queue)
        {
            queue.Start();
            await queue.EnqueueAsync(new Job(() => throw new InvalidOperationException("bug")), CancellationToken.None);
            await queue.EnqueueAsync(new Job(() => Interlocked.Increment(ref ran)), CancellationToken.None);
        }

        Assert.Equal(1, ran);
    }

    private sealed class Job(Action action) : IHashJob
    {
        public void Run() => action();
    }
}
