namespace HomeTelco.Media.Scanning;

/// <summary>Where a library's scanning stands.</summary>
public enum ScanState
{
    /// <summary>Nothing to do: the last scan finished.</summary>
    Idle,

    /// <summary>A scan is waiting for the scanner (one library is scanned at a time).</summary>
    Queued,

    /// <summary>Walking the folder and probing new or changed files.</summary>
    Scanning,

    /// <summary>The root folder is missing: items kept, nothing served until it returns.</summary>
    Offline,
}
