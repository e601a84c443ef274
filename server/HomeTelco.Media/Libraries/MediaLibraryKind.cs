namespace HomeTelco.Media.Libraries;

/// <summary>What a library folder holds; decides how its files are sorted into collections.</summary>
public enum MediaLibraryKind
{
    /// <summary>Songs: collected by artist and album.</summary>
    Music,

    /// <summary>Movies and shows: collected as Movies or, from tags and file names, Shows.</summary>
    Video,

    /// <summary>Podcast episodes.</summary>
    Podcasts,

    /// <summary>Whatever the downloads engine finished: sorted like video or music by what the file is.</summary>
    Downloads,

    /// <summary>Captures of live sources.</summary>
    Recordings,
}
