using HomeTelco.Torrent.Bencoding;

namespace HomeTelco.Torrent.Metainfo;

/// <summary>
/// Reads "announce" / "announce-list" (BEP 12 tiers) and "url-list" (BEP 19 web seeds). A bad URL costs the torrent
/// that URL, not the torrent: users add torrents with stale trackers all the time.
/// </summary>
internal static class TrackerListReader
{
    private const int MaxTiers = 64;
    private const int MaxUrls = 256;
    private const int MaxUrlLength = 2048;

    public static IReadOnlyList<IReadOnlyList<string>> Tiers(BDictionary root)
    {
        var tiers = new List<IReadOnlyList<string>>();
        var total = 0;
        if (root.TryGet<BList>("announce-list", out var list))
        {
            foreach (var tierValue in list.Items)
            {
                if (tierValue is not BList tier || tiers.Count >= MaxTiers)
                {
                    continue;
                }

                var urls = new List<string>();
                foreach (var item in tier.Items)
                {
                    if (total < MaxUrls && item is BString text && IsTrackerUrl(text) && !urls.Contains(text.Text))
                    {
                        urls.Add(text.Text);
                        total++;
                    }
                }

                if (urls.Count > 0)
                {
                    tiers.Add(urls);
                }
            }
        }

        // BEP 12: a client that understands announce-list ignores announce.
        if (tiers.Count == 0 && root.TryGet<BString>("announce", out var announce) && IsTrackerUrl(announce))
        {
            tiers.Add([announce.Text]);
        }

        return tiers;
    }

    public static IReadOnlyList<string> WebSeeds(BDictionary root)
    {
        var seeds = new List<string>();
        switch (root["url-list"])
        {
            case BString single when IsWebSeedUrl(single):
                seeds.Add(single.Text);
                break;
            case BList list:
                foreach (var item in list.Items)
                {
                    if (seeds.Count < MaxUrls && item is BString text && IsWebSeedUrl(text) && !seeds.Contains(text.Text))
                    {
                        seeds.Add(text.Text);
                    }
                }

                break;
        }

        return seeds;
    }

    private static bool IsTrackerUrl(BString text) =>
        IsUrl(text, out var uri) && uri.Scheme is "http" or "https" or "udp";

    private static bool IsWebSeedUrl(BString text) =>
        IsUrl(text, out var uri) && uri.Scheme is "http" or "https";

    private static bool IsUrl(BString text, out Uri uri)
    {
        uri = null!;
        return text.Bytes.Length is > 0 and <= MaxUrlLength
            && Uri.TryCreate(text.Text, UriKind.Absolute, out uri!)
            && !string.IsNullOrEmpty(uri.Host);
    }
}
