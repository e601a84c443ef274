using System.Buffers;
using System.Numerics;
using System.Security.Cryptography;

namespace HomeTelco.Torrent.Pieces;

/// <summary>
/// v2 verification (BEP 52): each file has a SHA-256 merkle tree over 16 KiB blocks, leaves beyond the end of
/// the file are zero hashes, and a piece is the subtree of piece-length/16 KiB leaves. A piece of a file larger
/// than one piece must hash to its entry in the file's piece layer; a file of at most one piece has no layer
/// and its only piece must hash to the file's root. Pieces are numbered across the torrent, each file starting
/// on a piece boundary.
/// </summary>
internal sealed class MerklePieceVerifier : IPieceVerifier
{
    /// <summary>Size of a merkle leaf block.</summary>
    public const int LeafSize = 16 * 1024;

    private const int HashSize = 32;

    private readonly int _pieceLength;
    private readonly FileHashes[] _files;

    /// <param name="pieceLength">Bytes per piece: a power of two of at least 16 KiB.</param>
    /// <param name="files">Non-empty files in piece order.</param>
    public MerklePieceVerifier(int pieceLength, IEnumerable<FileHashes> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (pieceLength < LeafSize || !BitOperations.IsPow2(pieceLength))
        {
            throw new ArgumentOutOfRangeException(nameof(pieceLength), pieceLength, "A v2 piece length is a power of two of at least 16 KiB.");
        }

        _pieceLength = pieceLength;
        _files = [.. files];
        for (var i = 1; i < _files.Length; i++)
        {
            if (_files[i].FirstPiece < _files[i - 1].FirstPiece + _files[i - 1].PieceCount)
            {
                throw new ArgumentException("Files must be in piece order without overlap.", nameof(files));
            }
        }

        PieceCount = _files.Length == 0 ? 0 : _files[^1].FirstPiece + _files[^1].PieceCount;
        HasAllPieceLayers = Array.TrueForAll(_files, f => f.PieceCount <= 1 || f.PieceLayer is not null);
    }

    /// <summary>Number of pieces across the torrent.</summary>
    public int PieceCount { get; }

    /// <summary>
    /// False when some file larger than one piece has no piece layer yet (a magnet before the layers were
    /// fetched from peers): its pieces cannot be verified and <see cref="Verify"/> refuses them.
    /// </summary>
    public bool HasAllPieceLayers { get; }

    /// <summary>Bytes of file data in piece <paramref name="piece"/> (the last piece of each file is short), or -1.</summary>
    public int PieceDataLength(int piece)
    {
        var file = FindFile(piece);
        return file is null ? -1 : DataLength(file, piece);
    }

    /// <summary>
    /// True when <paramref name="data"/> matches the piece. Accepts exactly the file's bytes in the piece, or a
    /// whole piece length when storage hands over the piece including the alignment gap after a file's end,
    /// which is not part of any file, is not hashed, and must read as zeros.
    /// </summary>
    public bool Verify(int piece, ReadOnlySpan<byte> data)
    {
        var file = FindFile(piece);
        if (file is null)
        {
            return false;
        }

        var length = DataLength(file, piece);
        // The gap is not hashed, but it must be the zeros storage reads for it: anything else is a bug or an attack.
        if ((data.Length != length && data.Length != _pieceLength) || data[length..].ContainsAnyExcept((byte)0))
        {
            return false;
        }

        data = data[..length];
        Span<byte> hash = stackalloc byte[HashSize];
        if (file.PieceCount == 1)
        {
            // A one-piece file's tree is only as wide as its blocks need (rounded up to a power of two).
            SubtreeRoot(data, (int)BitOperations.RoundUpToPowerOf2((uint)BlockCount(length)), hash);
            return hash.SequenceEqual(file.Root.Span);
        }

        if (file.PieceLayer is not { } layer)
        {
            return false;
        }

        SubtreeRoot(data, _pieceLength / LeafSize, hash);
        var local = piece - file.FirstPiece;
        return hash.SequenceEqual(layer.Span.Slice(local * HashSize, HashSize));
    }

    /// <summary>The merkle root of <paramref name="data"/> split into 16 KiB leaves, padded with zero leaves to <paramref name="leafCount"/>.</summary>
    internal static void SubtreeRoot(ReadOnlySpan<byte> data, int leafCount, Span<byte> root)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(leafCount * HashSize);
        try
        {
            var hashes = buffer.AsSpan(0, leafCount * HashSize);
            hashes.Clear();
            var blocks = BlockCount(data.Length);
            for (var i = 0; i < blocks; i++)
            {
                var start = i * LeafSize;
                SHA256.HashData(data[start..Math.Min(data.Length, start + LeafSize)], hashes.Slice(i * HashSize, HashSize));
            }

            Reduce(hashes, leafCount, root);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The root over a file's piece layer: pieces beyond the last are subtrees of zero leaves, whose hash is
    /// not zero, so they are padded with that hash up to a power of two.
    /// </summary>
    internal static void LayerRoot(ReadOnlySpan<byte> layer, int pieceLength, Span<byte> root)
    {
        var pieces = layer.Length / HashSize;
        var width = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(1, pieces));
        Span<byte> pad = stackalloc byte[HashSize];
        ZeroSubtreeHash(pieceLength / LeafSize, pad);
        var buffer = ArrayPool<byte>.Shared.Rent(width * HashSize);
        try
        {
            var hashes = buffer.AsSpan(0, width * HashSize);
            layer[..(pieces * HashSize)].CopyTo(hashes);
            for (var i = pieces; i < width; i++)
            {
                pad.CopyTo(hashes.Slice(i * HashSize, HashSize));
            }

            Reduce(hashes, width, root);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void ZeroSubtreeHash(int leafCount, Span<byte> hash)
    {
        hash.Clear();
        Span<byte> pair = stackalloc byte[2 * HashSize];
        for (var width = leafCount; width > 1; width /= 2)
        {
            hash.CopyTo(pair);
            hash.CopyTo(pair[HashSize..]);
            SHA256.HashData(pair, hash);
        }
    }

    // Hashes pairs level by level in place until one hash is left.
    private static void Reduce(Span<byte> hashes, int width, Span<byte> root)
    {
        Span<byte> parent = stackalloc byte[HashSize];
        for (; width > 1; width /= 2)
        {
            for (var j = 0; j < width / 2; j++)
            {
                SHA256.HashData(hashes.Slice(2 * j * HashSize, 2 * HashSize), parent);
                parent.CopyTo(hashes.Slice(j * HashSize, HashSize));
            }
        }

        hashes[..HashSize].CopyTo(root);
    }

    private static int BlockCount(int length) => Math.Max(1, (length + LeafSize - 1) / LeafSize);

    private int DataLength(FileHashes file, int piece) =>
        (int)Math.Min(_pieceLength, file.Length - ((long)(piece - file.FirstPiece) * _pieceLength));

    private FileHashes? FindFile(int piece)
    {
        int lo = 0, hi = _files.Length - 1;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) >> 1);
            var file = _files[mid];
            if (piece < file.FirstPiece)
            {
                hi = mid - 1;
            }
            else if (piece >= file.FirstPiece + file.PieceCount)
            {
                lo = mid + 1;
            }
            else
            {
                return file;
            }
        }

        return null;
    }

    /// <summary>One non-empty file's v2 hashes, as <see cref="MerklePieceVerifier"/> needs them.</summary>
    /// <param name="FirstPiece">The torrent-wide index of the file's first piece.</param>
    /// <param name="PieceCount">Pieces the file covers.</param>
    /// <param name="Length">Bytes.</param>
    /// <param name="Root">The 32-byte "pieces root".</param>
    /// <param name="PieceLayer">The file's piece layer (32 bytes per piece), already checked against the root; null when unknown or not needed.</param>
    public sealed record FileHashes(int FirstPiece, int PieceCount, long Length, ReadOnlyMemory<byte> Root, ReadOnlyMemory<byte>? PieceLayer);
}
