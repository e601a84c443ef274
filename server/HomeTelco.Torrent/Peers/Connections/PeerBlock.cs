using System.Buffers;

namespace HomeTelco.Torrent.Peers.Connections;

/// <summary>
/// A received block in a buffer rented from the shared pool. The handler owns it and must call
/// <see cref="Return"/> once (after writing it to disk or the piece buffer), so downloads allocate nothing per block.
/// </summary>
internal readonly struct PeerBlock
{
    private readonly byte[] _buffer;

    public PeerBlock(int index, int begin, byte[] buffer, int length)
    {
        Index = index;
        Begin = begin;
        _buffer = buffer;
        Length = length;
    }

    /// <summary>Piece index.</summary>
    public int Index { get; }

    /// <summary>Offset in the piece.</summary>
    public int Begin { get; }

    /// <summary>Bytes in the block.</summary>
    public int Length { get; }

    /// <summary>The block's bytes.</summary>
    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    /// <summary>The block's bytes as memory (for asynchronous disk writes).</summary>
    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, Length);

    /// <summary>Gives the buffer back to the pool; the block must not be used afterwards.</summary>
    public void Return() => ArrayPool<byte>.Shared.Return(_buffer);
}
