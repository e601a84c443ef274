using System.Text;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Tests.Transport;

/// A wire that records what is written and can be held (a peer that stops reading) or made to fail.
internal sealed class FakeWire : ISipWire
{
    private readonly Lock _writtenLock = new();
    private readonly List<string> _written = [];
    private TaskCompletionSource _gate = CreateOpen();

    public bool Fail { get; set; }

    public bool Disposed { get; private set; }

    public IReadOnlyList<string> Written
    {
        get
        {
            lock (_writtenLock)
            {
                return [.. _written];
            }
        }
    }

    /// Writes wait from now on until <see cref="Release"/>.
    public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _gate.TrySetResult();

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await _gate.Task.WaitAsync(cancellationToken);
        if (Fail)
        {
            throw new IOException("connection reset");
        }

        lock (_writtenLock)
        {
            _written.Add(Encoding.UTF8.GetString(bytes.Span));
        }
    }

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }

    private static TaskCompletionSource CreateOpen()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }
}
