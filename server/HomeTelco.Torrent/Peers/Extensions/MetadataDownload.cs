using System.Security.Cryptography;

namespace HomeTelco.Torrent.Peers.Extensions;

/// <summary>
/// Collects the pieces of an info dictionary fetched by ut_metadata (BEP 9) and checks the whole against
/// the info-hash, so a magnet link becomes a torrent only with metadata that is provably the right one.
/// Not thread-safe: one engine loop owns it.
/// </summary>
internal sealed class MetadataDownload
{
    private readonly InfoHash _infoHash;
    private readonly byte[] _buffer;
    private readonly bool[] _received;
    private int _receivedCount;

    /// <summary>Starts a download of <paramref name="totalSize"/> bytes (from a peer's "metadata_size").</summary>
    /// <exception cref="ArgumentOutOfRangeException">The size is not within 1..<see cref="UtMetadataMessage.MaxMetadataSize"/>.</exception>
    public MetadataDownload(InfoHash infoHash, long totalSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(totalSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(totalSize, UtMetadataMessage.MaxMetadataSize);
        _infoHash = infoHash;
        _buffer = new byte[totalSize];
        _received = new bool[(int)((totalSize + UtMetadataMessage.PieceLength - 1) / UtMetadataMessage.PieceLength)];
    }

    /// <summary>Number of 16 KiB pieces.</summary>
    public int PieceCount => _received.Length;

    /// <summary>True once every piece arrived.</summary>
    public bool IsComplete => _receivedCount == _received.Length;

    /// <summary>The first piece not yet received, or -1.</summary>
    public int NextMissing() => Array.IndexOf(_received, false);

    /// <summary>Stores a data message; false with a reason when it does not belong to this download.</summary>
    public bool TryAdd(in UtMetadataMessage message, out string? error)
    {
        if (message.Type != UtMetadataType.Data || message.TotalSize != _buffer.Length || (uint)message.Piece >= (uint)PieceCount)
        {
            error = $"ut_metadata piece {message.Piece} of {message.TotalSize} bytes does not fit metadata of {_buffer.Length} bytes";
            return false;
        }

        message.Data.Span.CopyTo(_buffer.AsSpan(message.Piece * UtMetadataMessage.PieceLength));
        if (!_received[message.Piece])
        {
            _received[message.Piece] = true;
            _receivedCount++;
        }

        error = null;
        return true;
    }

    /// <summary>
    /// When complete, checks the SHA-1 of the whole against the info-hash; returns the info dictionary's bytes when it
    /// matches, and on a mismatch forgets every piece (some peer lied; start over) and returns null.
    /// </summary>
    public byte[]? TryFinish()
    {
        if (!IsComplete)
        {
            return null;
        }

        Span<byte> hash = stackalloc byte[20];
#pragma warning disable CA5350 // BEP 3/9: the v1 info-hash is SHA-1 by definition.
        SHA1.HashData(_buffer, hash);
#pragma warning restore CA5350
        if (InfoHash.FromBytes(hash) == _infoHash)
        {
            return _buffer;
        }

        Array.Clear(_received);
        _receivedCount = 0;
        return null;
    }
}
