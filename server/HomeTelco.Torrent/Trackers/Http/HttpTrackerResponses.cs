using System.Net;
using HomeTelco.Torrent.Bencoding;

namespace HomeTelco.Torrent.Trackers.Http;

/// <summary>
/// Reads bencoded tracker answers: "failure reason" wins over everything; peers come compact (BEP 23, plus "peers6"
/// from BEP 7) or as the original list of dictionaries. Anything else malformed is a <see cref="TrackerFailureKind.BadResponse"/>.
/// </summary>
internal static class HttpTrackerResponses
{
    /// <summary>Trackers are not always canonical (unsorted keys), so only the sizes are strict.</summary>
    public static readonly BencodeLimits Limits = new(MaxDepth: 8, MaxItems: 50_000, MaxStringLength: 1024 * 1024, AllowUnsortedKeys: true);

    public static TrackerResult<AnnounceResponse> ReadAnnounce(ReadOnlyMemory<byte> body, int maxPeers)
    {
        if (!TryReadDictionary(body, out var root, out var failure))
        {
            return TrackerResult<AnnounceResponse>.Fail(failure.Kind, failure.Reason);
        }

        if (!root.TryGet<BInteger>("interval", out var interval) || interval.Value < 0 || interval.Value > int.MaxValue)
        {
            return TrackerResult<AnnounceResponse>.Fail(TrackerFailureKind.BadResponse, "no valid \"interval\"");
        }

        var peers = new List<IPEndPoint>();
        switch (root["peers"])
        {
            case BString compact when !CompactPeers.TryParse(compact.Bytes.Span, CompactPeers.IPv4EntryLength, peers, maxPeers):
                return TrackerResult<AnnounceResponse>.Fail(TrackerFailureKind.BadResponse, "\"peers\" is not a multiple of 6 bytes");
            case BList list:
                ReadPeerDictionaries(list, peers, maxPeers);
                break;
        }

        if (root.TryGet<BString>("peers6", out var peers6) && !CompactPeers.TryParse(peers6.Bytes.Span, CompactPeers.IPv6EntryLength, peers, maxPeers))
        {
            return TrackerResult<AnnounceResponse>.Fail(TrackerFailureKind.BadResponse, "\"peers6\" is not a multiple of 18 bytes");
        }

        return TrackerResult<AnnounceResponse>.Success(new AnnounceResponse
        {
            Interval = TimeSpan.FromSeconds(interval.Value),
            MinInterval = root.TryGet<BInteger>("min interval", out var min) && min.Value >= 0 && min.Value <= int.MaxValue ? TimeSpan.FromSeconds(min.Value) : null,
            Peers = peers.Distinct().ToList(),
            Complete = Count(root, "complete"),
            Incomplete = Count(root, "incomplete"),
            WarningMessage = root.TryGet<BString>("warning message", out var warning) ? Printable(warning) : null,
            TrackerId = root.TryGet<BString>("tracker id", out var trackerId) && trackerId.Bytes.Length <= 256 ? trackerId.Text : null,
        });
    }

    /// <summary>Reads a scrape answer (<c>files</c> keyed by raw info-hash); swarms the tracker does not list are left out.</summary>
    public static TrackerResult<IReadOnlyList<ScrapeEntry>> ReadScrape(ReadOnlyMemory<byte> body, IReadOnlyList<InfoHash> asked)
    {
        if (!TryReadDictionary(body, out var root, out var failure))
        {
            return TrackerResult<IReadOnlyList<ScrapeEntry>>.Fail(failure.Kind, failure.Reason);
        }

        if (!root.TryGet<BDictionary>("files", out var files))
        {
            return TrackerResult<IReadOnlyList<ScrapeEntry>>.Fail(TrackerFailureKind.BadResponse, "no \"files\" dictionary");
        }

        var entries = new List<ScrapeEntry>(asked.Count);
        Span<byte> key = stackalloc byte[InfoHash.Length];
        foreach (var hash in asked)
        {
            hash.CopyTo(key);
            if (files.Find(key) is BDictionary counts)
            {
                entries.Add(new ScrapeEntry(hash, Count(counts, "complete") ?? 0, Count(counts, "downloaded") ?? 0, Count(counts, "incomplete") ?? 0));
            }
        }

        return TrackerResult<IReadOnlyList<ScrapeEntry>>.Success(entries);
    }

    private static bool TryReadDictionary(ReadOnlyMemory<byte> body, out BDictionary root, out (TrackerFailureKind Kind, string Reason) failure)
    {
        root = null!;
        failure = default;
        if (!Bencode.TryDecode(body, Limits, out var value, out var error) || value is not BDictionary dictionary)
        {
            failure = (TrackerFailureKind.BadResponse, error is null ? "the answer is not a dictionary" : "the answer is not bencode: " + error);
            return false;
        }

        if (dictionary.TryGet<BString>("failure reason", out var reason))
        {
            failure = (TrackerFailureKind.Refused, Printable(reason));
            return false;
        }

        root = dictionary;
        return true;
    }

    private static void ReadPeerDictionaries(BList list, List<IPEndPoint> peers, int maxPeers)
    {
        foreach (var item in list.Items)
        {
            if (peers.Count >= maxPeers)
            {
                return;
            }

            // Host names in "ip" are allowed by BEP 3 but would need a lookup per peer: skipped.
            if (item is BDictionary peer
                && peer.TryGet<BString>("ip", out var ip) && ip.Bytes.Length <= 64 && IPAddress.TryParse(ip.Text, out var address)
                && peer.TryGet<BInteger>("port", out var port) && port.Value is > 0 and <= ushort.MaxValue)
            {
                peers.Add(new IPEndPoint(address, (int)port.Value));
            }
        }
    }

    private static int? Count(BDictionary dictionary, string key) =>
        dictionary.TryGet<BInteger>(key, out var value) && value.Value >= 0 ? (int)Math.Min(value.Value, int.MaxValue) : null;

    private static string Printable(BString text)
    {
        var value = System.Text.Encoding.UTF8.GetString(text.Bytes.Span[..Math.Min(text.Bytes.Length, 300)]);
        return string.Create(value.Length, value, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        });
    }
}
