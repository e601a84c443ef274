namespace HomeTelco.Torrent.WebSeeds;

/// <summary>
/// Part of a run of torrent bytes as one HTTP range of one file, or (<see cref="File"/> = -1) bytes no server holds:
/// a BEP 47 padding file or a gap between files, which are zeros by definition and are filled in locally.
/// </summary>
/// <param name="File">Index in the layout's file list, or -1 for zeros.</param>
/// <param name="FileOffset">First byte inside the file.</param>
/// <param name="Length">Bytes.</param>
internal readonly record struct WebSeedRange(int File, long FileOffset, long Length)
{
    /// <summary>True when the bytes are zeros made locally, not fetched.</summary>
    public bool IsZeros => File < 0;

    /// <summary>The HTTP Range header value for these bytes (RFC 9110 §14.1.2: both ends inclusive).</summary>
    public string HeaderValue => FormattableString.Invariant($"bytes={FileOffset}-{FileOffset + Length - 1}");
}
