namespace HomeTelco.Torrent.Resume;

/// <summary>A file as it was on disk when resume data was saved.</summary>
internal sealed class ResumeFileDocument
{
    public bool Exists { get; set; }

    public long Length { get; set; }

    /// <summary>Last write time, UTC ticks.</summary>
    public long LastWriteTicks { get; set; }
}
