using System.Net;

namespace HomeTelco.Sip.Transport;

/// <summary>
/// The datagrams one receive thread sends while it handles one message, held until the handling is over. Handling runs
/// under a lane's transaction lock, and a send on a busy box can cost the sender its core (the kernel delivers the
/// datagram at once and wakes its reader): the lock then stays held by a thread that is not running, and the other
/// receive threads wait on it. Sending after the lock is let go keeps the locked section short. One per receive thread,
/// reused; what does not fit in its buffer goes out at once.
/// </summary>
internal sealed class SipDeferredSends
{
    /// <summary>How the held datagrams finally go out.</summary>
    public delegate bool Sender(ReadOnlySpan<byte> datagram, IPEndPoint target);

    private const int BufferSize = 32 * 1024;

    private readonly byte[] _buffer = new byte[BufferSize];
    private readonly List<(int Offset, int Length, IPEndPoint Target)> _pending = new(8);
    private int _used;

    /// <summary>Holds a copy of <paramref name="datagram"/> for <paramref name="target"/>; false when it does not fit.</summary>
    public bool TryAdd(ReadOnlySpan<byte> datagram, IPEndPoint target)
    {
        if (datagram.Length > BufferSize - _used)
        {
            return false;
        }

        datagram.CopyTo(_buffer.AsSpan(_used));
        _pending.Add((_used, datagram.Length, target));
        _used += datagram.Length;
        return true;
    }

    /// <summary>Sends everything held, in the order it was added, and empties the holder.</summary>
    public void SendAll(Sender send)
    {
        foreach (var (offset, length, target) in _pending)
        {
            send(_buffer.AsSpan(offset, length), target);
        }

        _pending.Clear();
        _used = 0;
    }
}
