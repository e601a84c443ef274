using System.Net;
using System.Net.Http.Headers;

namespace HomeTelco.Torrent.WebSeeds;

/// <summary>
/// Decides whether an HTTP response carries exactly the range we asked for. A server that ignores Range (200 with
/// the whole file), answers another range, or announces another length is a failing source: its bytes cannot be
/// placed, and we never read more of it than we asked for.
/// </summary>
internal static class WebSeedResponseCheck
{
    /// <summary>
    /// Null when the response may be read as bytes [<paramref name="offset"/>, <paramref name="offset"/> +
    /// <paramref name="length"/>) of the file; otherwise why not, for the log and the sources view.
    /// </summary>
    /// <param name="status">The final status (after redirects).</param>
    /// <param name="contentRange">The Content-Range header, if any.</param>
    /// <param name="contentLength">The Content-Length header, if any.</param>
    /// <param name="offset">First byte asked for.</param>
    /// <param name="length">Bytes asked for.</param>
    /// <param name="fileLength">The file's length in the torrent.</param>
    public static string? Problem(HttpStatusCode status, ContentRangeHeaderValue? contentRange, long? contentLength, long offset, long length, long fileLength)
    {
        if (status == HttpStatusCode.OK)
        {
            // Only acceptable when what we asked for is the whole file anyway and the body says so.
            return offset == 0 && length == fileLength && contentLength == fileLength
                ? null
                : "the server ignored the Range header and sent the whole file";
        }

        if (status != HttpStatusCode.PartialContent)
        {
            return FormattableString.Invariant($"HTTP {(int)status}");
        }

        if (contentRange is null || !string.Equals(contentRange.Unit, "bytes", StringComparison.OrdinalIgnoreCase) || contentRange.From is null || contentRange.To is null)
        {
            return "a partial response without a byte Content-Range";
        }

        var last = offset + length - 1;
        if (contentRange.From != offset || contentRange.To != last)
        {
            return FormattableString.Invariant($"asked for bytes {offset}-{last}, the server sent {contentRange.From}-{contentRange.To}");
        }

        if (contentRange.Length is long total && total != fileLength)
        {
            return FormattableString.Invariant($"the server's file has {total} bytes, the torrent's {fileLength}");
        }

        if (contentLength is long bodyLength && bodyLength != length)
        {
            return FormattableString.Invariant($"asked for {length} bytes, the server announced {bodyLength}");
        }

        return null;
    }
}
