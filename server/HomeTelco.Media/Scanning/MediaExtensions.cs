namespace HomeTelco.Media.Scanning;

/// <summary>The file name extensions the scanner treats as media; everything else (covers, subtitles, notes) is skipped.</summary>
internal static class MediaExtensions
{
    private static readonly HashSet<string> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        ".mp4", ".m4v", ".mkv", ".webm", ".avi", ".mov", ".ts", ".m2ts", ".mts", ".mpg", ".mpeg", ".wmv", ".flv", ".ogv", ".3gp",
        ".mp3", ".flac", ".m4a", ".m4b", ".aac", ".ogg", ".oga", ".opus", ".wav", ".wma", ".aif", ".aiff", ".mka", ".ape", ".wv",
    };

    public static bool IsMedia(string fileName) => Known.Contains(Path.GetExtension(fileName));
}
