namespace HomeTelco.Media.Libraries;

/// <summary>A folder the box scans for media. Stored in the <c>media_libraries</c> collection.</summary>
public sealed class MediaLibrary
{
    public int Id { get; set; }

    /// <summary>The name an admin gave it, shown in the portal.</summary>
    public string Name { get; set; } = "";

    public MediaLibraryKind Kind { get; set; }

    /// <summary>Absolute, normalised path of the root folder (no trailing separator).</summary>
    public string Path { get; set; } = "";

    /// <summary>The path compared across libraries (case-folded where the file system folds case), unique.</summary>
    public string PathKey { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the last full scan finished; null before the first.</summary>
    public DateTimeOffset? LastScanAt { get; set; }

    /// <summary>True while the root folder is missing (a disk unplugged): items are kept, not served.</summary>
    public bool Offline { get; set; }
}
