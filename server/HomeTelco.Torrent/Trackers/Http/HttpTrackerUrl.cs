using System.Globalization;
using System.Text;

namespace HomeTelco.Torrent.Trackers.Http;

/// <summary>
/// Builds BEP 3 announce and scrape URLs. The info-hash and peer id are raw bytes, so every byte outside RFC 3986's
/// unreserved set is written as %XX, exactly once; a query already in the announce URL (a passkey) is kept.
/// </summary>
internal static class HttpTrackerUrl
{
    public static Uri Announce(Uri announce, AnnounceRequest request)
    {
        var query = new StringBuilder(256);
        query.Append("info_hash=");
        Span<byte> hash = stackalloc byte[InfoHash.Length];
        request.InfoHash.CopyTo(hash);
        AppendPercentEncoded(query, hash);
        query.Append("&peer_id=");
        AppendPercentEncoded(query, request.PeerId.Span);
        query.Append(CultureInfo.InvariantCulture, $"&port={request.Port}&uploaded={request.Uploaded}&downloaded={request.Downloaded}&left={request.Left}");
        query.Append(CultureInfo.InvariantCulture, $"&compact=1&numwant={request.NumWant}&key={request.Key:X8}");
        var eventName = request.Event switch
        {
            TrackerEvent.Started => "started",
            TrackerEvent.Completed => "completed",
            TrackerEvent.Stopped => "stopped",
            _ => null,
        };
        if (eventName is not null)
        {
            query.Append("&event=").Append(eventName);
        }

        if (!string.IsNullOrEmpty(request.TrackerId))
        {
            query.Append("&trackerid=");
            AppendPercentEncoded(query, Encoding.UTF8.GetBytes(request.TrackerId));
        }

        return WithQuery(announce, query.ToString());
    }

    /// <summary>
    /// The scrape URL by the convention every tracker follows: the last path segment "announce" becomes "scrape";
    /// null when the announce URL has no such segment (the tracker then has no scrape).
    /// </summary>
    public static Uri? Scrape(Uri announce, IReadOnlyList<InfoHash> infoHashes)
    {
        var path = announce.AbsolutePath;
        var slash = path.LastIndexOf('/');
        if (slash < 0 || !path.AsSpan(slash + 1).StartsWith("announce", StringComparison.Ordinal))
        {
            return null;
        }

        var builder = new UriBuilder(announce) { Path = string.Concat(path.AsSpan(0, slash + 1), "scrape", path.AsSpan(slash + 1 + "announce".Length)) };
        var query = new StringBuilder();
        Span<byte> hash = stackalloc byte[InfoHash.Length];
        foreach (var infoHash in infoHashes)
        {
            query.Append(query.Length == 0 ? "info_hash=" : "&info_hash=");
            infoHash.CopyTo(hash);
            AppendPercentEncoded(query, hash);
        }

        return WithQuery(builder.Uri, query.ToString());
    }

    public static void AppendPercentEncoded(StringBuilder destination, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9')
                or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~')
            {
                destination.Append((char)b);
            }
            else
            {
                destination.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }
    }

    private static Uri WithQuery(Uri uri, string query)
    {
        // Uri.Query keeps its leading '?' and is already escaped; ours is ready-made, so join the strings as they are.
        var existing = uri.Query.TrimStart('?');
        var full = uri.GetLeftPart(UriPartial.Path) + "?" + (existing.Length > 0 ? existing + "&" : string.Empty) + query;
        return new Uri(full);
    }
}
