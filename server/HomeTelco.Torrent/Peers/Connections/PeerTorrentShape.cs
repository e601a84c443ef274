namespace HomeTelco.Torrent.Peers.Connections;

/// <summary>The sizes a connection checks the peer's indices and offsets against.</summary>
/// <param name="PieceCount">Pieces in the torrent.</param>
/// <param name="PieceLength">Bytes in every piece but the last.</param>
/// <param name="TotalLength">Bytes in the torrent (the last piece is what is left).</param>
internal sealed record PeerTorrentShape(int PieceCount, int PieceLength, long TotalLength)
{
    /// <summary>Bytes in piece <paramref name="index"/>; 0 when it does not exist.</summary>
    public int PieceSize(int index)
    {
        if ((uint)index >= (uint)PieceCount)
        {
            return 0;
        }

        return index < PieceCount - 1 ? PieceLength : (int)(TotalLength - ((long)PieceLength * (PieceCount - 1)));
    }

    /// <summary>Whether [begin, begin+length) lies inside piece <paramref name="index"/>.</summary>
    public bool Contains(int index, int begin, int length)
    {
        var size = PieceSize(index);
        return size > 0 && begin >= 0 && length > 0 && (long)begin + length <= size;
    }
}
