namespace HomeTelco.Torrent.Storage;

/// <summary>
/// Serves peers' requests straight from disk with pread into the caller's (pooled) buffer. There is no read cache:
/// the kernel's page cache already holds recently read blocks, and on a small box that memory is better left to it.
/// </summary>
internal sealed class PieceReader(TorrentStorage storage, VerifiedPieces verified)
{
    /// <summary>Reads <paramref name="destination"/>.Length bytes at <paramref name="offset"/> in a verified piece.</summary>
    public BlockReadResult Read(int piece, int offset, Span<byte> destination)
    {
        var layout = storage.Layout;
        if ((uint)piece >= (uint)layout.PieceCount)
        {
            return BlockReadResult.OutOfRange;
        }

        var size = layout.PieceSize(piece);
        if (offset < 0 || destination.Length == 0 || offset > size - destination.Length)
        {
            return BlockReadResult.OutOfRange;
        }

        if (!verified.Has(piece))
        {
            return BlockReadResult.NotVerified;
        }

        return storage.TryRead(piece, offset, destination) ? BlockReadResult.Read : BlockReadResult.Missing;
    }
}
