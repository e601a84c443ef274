using System.Net;

namespace HomeTelco.Torrent.Engine;

/// <summary>
/// Tells a liar from honest peers when a piece whose blocks came from several peers fails its hash ("smart ban").
/// Each failed attempt's blocks are remembered as (sender, digest); when the piece later passes, every sender whose
/// block differs from the good one lied, and everyone whose block matched is cleared. Counting strikes instead bans an
/// honest seeder that keeps sharing pieces with a liar, and the download then starves.
/// Bounded: at most <see cref="MaxPieces"/> pieces and <see cref="MaxAttemptsPerPiece"/> failed attempts each.
/// Not thread-safe: the session calls it under its lock.
/// </summary>
internal sealed class HashFailureBlame
{
    public const int MaxPieces = 64;
    public const int MaxAttemptsPerPiece = 4;
    private readonly Dictionary<int, List<(int Block, IPAddress Sender, byte[] Digest)>> _pieces = [];
    private readonly Dictionary<int, int> _attempts = [];

    /// <summary>Pieces with failed attempts waiting for a good copy.</summary>
    public int Count => _pieces.Count;

    /// <summary>Remembers who sent what in a failed attempt at <paramref name="piece"/> (blocks by index); false when full.</summary>
    public bool RecordFailure(int piece, IReadOnlyList<(IPAddress Sender, byte[] Digest)> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        if (!_pieces.TryGetValue(piece, out var entries))
        {
            if (_pieces.Count >= MaxPieces)
            {
                return false;
            }

            entries = [];
            _pieces[piece] = entries;
        }

        var attempts = _attempts.GetValueOrDefault(piece);
        if (attempts >= MaxAttemptsPerPiece)
        {
            return false;
        }

        _attempts[piece] = attempts + 1;
        for (var block = 0; block < blocks.Count; block++)
        {
            entries.Add((block, blocks[block].Sender, blocks[block].Digest));
        }

        return true;
    }

    /// <summary>True when <paramref name="piece"/> failed before and its good copy will show who lied.</summary>
    public bool IsSuspect(int piece) => _pieces.ContainsKey(piece);

    /// <summary>
    /// Forgets <paramref name="piece"/> and returns the senders of blocks that differ from the verified copy
    /// (<paramref name="goodDigest"/> by block index; null when that block could not be read, so nobody is blamed for it).
    /// </summary>
    public IReadOnlySet<IPAddress> Resolve(int piece, IReadOnlyList<byte[]?> goodDigest)
    {
        ArgumentNullException.ThrowIfNull(goodDigest);
        var liars = new HashSet<IPAddress>();
        if (!_pieces.Remove(piece, out var entries))
        {
            return liars;
        }

        _attempts.Remove(piece);
        foreach (var (block, sender, digest) in entries)
        {
            if (block < goodDigest.Count && goodDigest[block] is { } good && !good.AsSpan().SequenceEqual(digest))
            {
                liars.Add(sender);
            }
        }

        return liars;
    }
}
