namespace HomeTelco.Torrent.WebSeeds;

/// <summary>
/// Where a web seed keeps each file of a torrent (BEP 19). Single-file torrent: the URL is the file itself, unless it
/// ends in "/", when the torrent's name is appended. Multi-file torrent: URL + "/" + name + "/" + the file's path.
/// Every path segment is percent-encoded, so names with spaces, '#', '?' or non-ASCII letters reach the right file.
/// </summary>
internal static class WebSeedUrl
{
    /// <summary>
    /// The URL of one file. <paramref name="filePath"/> is the file's path as the layout has it ('/'-separated; for a
    /// multi-file torrent it starts with the torrent's folder name). Null when <paramref name="seedUrl"/> is not an
    /// absolute http or https URL.
    /// </summary>
    public static Uri? ForFile(string seedUrl, string filePath, bool singleFile)
    {
        ArgumentNullException.ThrowIfNull(seedUrl);
        ArgumentNullException.ThrowIfNull(filePath);
        if (!IsUsable(seedUrl))
        {
            return null;
        }

        var endsInSlash = seedUrl.EndsWith('/');
        if (singleFile && !endsInSlash)
        {
            return new Uri(seedUrl, UriKind.Absolute);
        }

        var text = endsInSlash ? seedUrl + Escape(filePath) : seedUrl + "/" + Escape(filePath);
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) ? uri : null;
    }

    /// <summary>True for an absolute http or https URL with a host and without a fragment or user info.</summary>
    public static bool IsUsable(string seedUrl) =>
        Uri.TryCreate(seedUrl, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.Host.Length > 0
        && uri.UserInfo.Length == 0
        && uri.Fragment.Length == 0;

    /// <summary>Percent-encodes each '/'-separated segment, keeping the separators.</summary>
    public static string Escape(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
}
