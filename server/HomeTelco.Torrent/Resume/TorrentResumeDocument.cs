namespace HomeTelco.Torrent.Resume;

/// <summary>
/// Fast-resume data of one torrent as the <c>torrent_resume</c> collection stores it: which pieces were verified
/// and on disk (fsynced) when it was saved, what the files looked like then, and whether the engine stopped cleanly.
/// Plain fields only, so it round-trips through BSON.
/// </summary>
internal sealed class TorrentResumeDocument
{
    /// <summary>The info-hash in hex (v1, or the truncated v2 hash): one document per torrent.</summary>
    public string Id { get; set; } = "";

    /// <summary>Pieces in the torrent, so data for another layout is never applied.</summary>
    public int PieceCount { get; set; }

    public int PieceLength { get; set; }

    /// <summary>The verified pieces in BEP 3 wire form.</summary>
    public byte[] Verified { get; set; } = [];

    /// <summary>One entry per file of the layout, in order.</summary>
    public List<ResumeFileDocument> Files { get; set; } = [];

    /// <summary>True only when written by a clean stop after the last write; false while the torrent runs.</summary>
    public bool CleanStop { get; set; }

    /// <summary>When it was written (UTC ticks).</summary>
    public long SavedAtTicks { get; set; }
}
