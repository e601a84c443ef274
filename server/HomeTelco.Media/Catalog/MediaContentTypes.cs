namespace HomeTelco.Media.Catalog;

/// <summary>The Content-Type direct play sends for each container, by file extension.</summary>
public static class MediaContentTypes
{
    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".mp4"] = "video/mp4",
        [".m4v"] = "video/mp4",
        [".mkv"] = "video/x-matroska",
        [".webm"] = "video/webm",
        [".avi"] = "video/x-msvideo",
        [".mov"] = "video/quicktime",
        [".ts"] = "video/mp2t",
        [".m2ts"] = "video/mp2t",
        [".mts"] = "video/mp2t",
        [".mpg"] = "video/mpeg",
        [".mpeg"] = "video/mpeg",
        [".wmv"] = "video/x-ms-wmv",
        [".flv"] = "video/x-flv",
        [".ogv"] = "video/ogg",
        [".3gp"] = "video/3gpp",
        [".mp3"] = "audio/mpeg",
        [".flac"] = "audio/flac",
        [".m4a"] = "audio/mp4",
        [".m4b"] = "audio/mp4",
        [".aac"] = "audio/aac",
        [".ogg"] = "audio/ogg",
        [".oga"] = "audio/ogg",
        [".opus"] = "audio/ogg",
        [".wav"] = "audio/wav",
        [".wma"] = "audio/x-ms-wma",
        [".aif"] = "audio/aiff",
        [".aiff"] = "audio/aiff",
        [".mka"] = "audio/x-matroska",
    };

    /// <summary>The content type for a media file path; application/octet-stream for anything else.</summary>
    public static string Of(string path) =>
        ByExtension.TryGetValue(Path.GetExtension(path), out var type) ? type : "application/octet-stream";
}
