using System.Threading.Channels;

namespace HomeTelco.Sip.Transport;

/// <summary>
/// The bounded first-in first-out queue of one connection's outgoing messages, filled without waiting by whoever sends
/// (the transaction layer, with its lock held) and drained by the connection's single writer loop, so messages go out
/// whole and in order. Bounded by count and by bytes: a peer that does not read cannot make the box hold more.
/// </summary>
internal sealed class SipSendQueue
{
    private readonly Channel<SipOutbound> _channel;
    private readonly int _maxBytes;
    private int _bytes;

    public SipSendQueue(int maxMessages, int maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        _maxBytes = maxBytes;
        _channel = Channel.CreateBounded<SipOutbound>(new BoundedChannelOptions(maxMessages)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
            AllowSynchronousContinuations = false,
        });
    }

    /// <summary>Bytes queued and not yet taken by the writer.</summary>
    public int QueuedBytes => Volatile.Read(ref _bytes);

    /// <summary>Queues the item; false when the queue is full (by count or bytes) or completed, and the caller keeps it.</summary>
    public bool TryEnqueue(SipOutbound item)
    {
        if (Interlocked.Add(ref _bytes, item.Length) > _maxBytes)
        {
            Interlocked.Add(ref _bytes, -item.Length);
            return false;
        }

        if (!_channel.Writer.TryWrite(item))
        {
            Interlocked.Add(ref _bytes, -item.Length);
            return false;
        }

        return true;
    }

    /// <summary>Waits until an item can be taken; false once the queue is completed and empty.</summary>
    public ValueTask<bool> WaitAsync(CancellationToken cancellationToken) => _channel.Reader.WaitToReadAsync(cancellationToken);

    /// <summary>Takes the oldest item; the taker owns it from here.</summary>
    public bool TryDequeue(out SipOutbound item)
    {
        if (_channel.Reader.TryRead(out item))
        {
            Interlocked.Add(ref _bytes, -item.Length);
            return true;
        }

        return false;
    }

    /// <summary>Refuses further items; what is queued can still be taken (to be written, or reported and released).</summary>
    public void Complete() => _channel.Writer.TryComplete();
}
