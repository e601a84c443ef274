using System.Security.Cryptography;

namespace HomeTelco.Torrent.Pieces;

/// <summary>v1 verification (BEP 3): piece i must hash to the i-th 20 bytes of the info dictionary's "pieces".</summary>
public sealed class Sha1PieceVerifier : IPieceVerifier
{
    private readonly byte[] _pieces;

    /// <param name="pieces">The concatenated 20-byte SHA-1 hashes, one per piece.</param>
    public Sha1PieceVerifier(ReadOnlyMemory<byte> pieces)
    {
        if (pieces.Length % 20 != 0)
        {
            throw new ArgumentException("The pieces string must be a multiple of 20 bytes.", nameof(pieces));
        }

        _pieces = pieces.ToArray();
    }

    /// <summary>Number of pieces the hashes cover.</summary>
    public int PieceCount => _pieces.Length / 20;

    /// <inheritdoc/>
#pragma warning disable CA5350 // BEP 3 names SHA-1; it identifies data, it does not protect secrets.
    public bool Verify(int piece, ReadOnlySpan<byte> data)
    {
        if ((uint)piece >= (uint)PieceCount)
        {
            return false;
        }

        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(data, hash);
        return hash.SequenceEqual(_pieces.AsSpan(piece * 20, 20));
    }
#pragma warning restore CA5350
}
