using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using HomeTelco.Torrent.Metainfo;

namespace HomeTelco.Torrent.Magnets;

/// <summary>
/// A magnet link: BEP 9 (<c>xt=urn:btih:</c> in hex or base32, <c>dn</c>, <c>tr</c>, <c>x.pe</c>), BEP 52
/// (<c>xt=urn:btmh:1220…</c>, the full SHA-256; hybrid links carry both), BEP 19 <c>ws</c> and BEP 53 <c>so</c>.
/// Parsing is bounded and refuses what it cannot make sense of with a message for the user; trackers, web seeds
/// and peers that are not usable are dropped rather than failing the link, as other clients do.
/// </summary>
public sealed class MagnetLink
{
    /// <summary>Longest link accepted.</summary>
    public const int MaxLength = 16 * 1024;

    private const int MaxParameters = 256;
    private const int MaxTrackers = 100;
    private const int MaxWebSeeds = 50;
    private const int MaxPeers = 100;
    private const int MaxRanges = 100;
    private const int MaxNameLength = 1024;

    private readonly byte[] _v2Full;

    private MagnetLink(InfoHash? v1, byte[] v2Full, string? name, IReadOnlyList<string> trackers, IReadOnlyList<string> webSeeds, IReadOnlyList<EndPoint> peers, IReadOnlyList<MagnetFileRange> selectOnly)
    {
        InfoHashV1 = v1;
        _v2Full = v2Full;
        InfoHashV2 = v2Full.Length == 32 ? InfoHash.FromBytes(v2Full) : null;
        Name = name;
        Trackers = trackers;
        WebSeeds = webSeeds;
        Peers = peers;
        SelectOnly = selectOnly;
    }

    /// <summary>The v1 info-hash (btih).</summary>
    public InfoHash? InfoHashV1 { get; }

    /// <summary>The v2 info-hash truncated to 20 bytes, as the wire and trackers use it.</summary>
    public InfoHash? InfoHashV2 { get; }

    /// <summary>The whole 32-byte v2 info-hash (btmh); empty when the link has none.</summary>
    public ReadOnlyMemory<byte> InfoHashV2Full => _v2Full;

    /// <summary>The hash to look the swarm up by: v1 when present, else the truncated v2.</summary>
    public InfoHash WireHash => InfoHashV1 ?? InfoHashV2!.Value;

    /// <summary>The display name (dn), if any.</summary>
    public string? Name { get; }

    /// <summary>Tracker URLs (tr), http, https or udp.</summary>
    public IReadOnlyList<string> Trackers { get; }

    /// <summary>Web seeds (ws), http or https.</summary>
    public IReadOnlyList<string> WebSeeds { get; }

    /// <summary>Peers to try (x.pe): <see cref="IPEndPoint"/> for addresses, <see cref="DnsEndPoint"/> for names.</summary>
    public IReadOnlyList<EndPoint> Peers { get; }

    /// <summary>BEP 53: the only files to download, by index; empty means all.</summary>
    public IReadOnlyList<MagnetFileRange> SelectOnly { get; }

    /// <summary>Whether file <paramref name="fileIndex"/> is wanted (true for every file when the link selects none).</summary>
    public bool Selects(int fileIndex) => SelectOnly.Count == 0 || SelectOnly.Any(r => r.Contains(fileIndex));

    /// <summary>The link that shares <paramref name="metainfo"/>: its hashes, name, trackers and web seeds.</summary>
    public static MagnetLink For(TorrentMetainfo metainfo)
    {
        ArgumentNullException.ThrowIfNull(metainfo);
        return new MagnetLink(
            metainfo.InfoHashV1,
            metainfo.InfoHashV2Full.ToArray(),
            metainfo.Name,
            [.. metainfo.AnnounceTiers.SelectMany(t => t).Take(MaxTrackers)],
            [.. metainfo.WebSeeds.Take(MaxWebSeeds)],
            [],
            []);
    }

    /// <summary>Parses <paramref name="text"/> or throws <see cref="FormatException"/> with the reason.</summary>
    public static MagnetLink Parse(string text) =>
        TryParse(text, out var link, out var error) ? link : throw new FormatException(error);

    /// <summary>Parses <paramref name="text"/>; false with a message for the user when it is not a usable magnet link.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out MagnetLink? link, [NotNullWhen(false)] out string? error)
    {
        link = null;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text) || !text.StartsWith("magnet:?", StringComparison.OrdinalIgnoreCase))
        {
            error = "A magnet link starts with \"magnet:?\".";
            return false;
        }

        if (text.Length > MaxLength)
        {
            error = $"The magnet link is longer than {MaxLength} characters.";
            return false;
        }

        var builder = new Builder();
        var count = 0;
        foreach (var range in text.AsSpan(8).Split('&'))
        {
            var parameter = text.AsSpan(8)[range];
            if (parameter.IsEmpty)
            {
                continue;
            }

            if (++count > MaxParameters)
            {
                error = $"The magnet link has more than {MaxParameters} parameters.";
                return false;
            }

            var equals = parameter.IndexOf('=');
            var key = equals < 0 ? parameter : parameter[..equals];
            var raw = equals < 0 ? [] : parameter[(equals + 1)..];
            var baseKey = BaseKey(key);
            if (!MagnetPercentDecoder.TryDecode(raw, plusIsSpace: baseKey is "dn", out var value))
            {
                error = $"The magnet link's '{Printable(key)}' parameter has a broken %-escape or a character that does not belong in a link.";
                return false;
            }

            error = builder.Add(baseKey, value);
            if (error is not null)
            {
                return false;
            }
        }

        return builder.TryBuild(out link, out error);
    }

    /// <summary>The link in canonical form: hashes first, then dn, tr, ws, x.pe and so, each percent-encoded.</summary>
    public override string ToString()
    {
        var text = new StringBuilder("magnet:?");
        var first = true;
        void Append(string key, string value)
        {
            text.Append(first ? "" : "&").Append(key).Append('=').Append(value);
            first = false;
        }

        if (InfoHashV1 is { } v1)
        {
            Append("xt", "urn:btih:" + v1.ToHex());
        }

        if (_v2Full.Length == 32)
        {
            Append("xt", "urn:btmh:1220" + Convert.ToHexStringLower(_v2Full));
        }

        if (Name is not null)
        {
            Append("dn", Uri.EscapeDataString(Name));
        }

        foreach (var tracker in Trackers)
        {
            Append("tr", Uri.EscapeDataString(tracker));
        }

        foreach (var seed in WebSeeds)
        {
            Append("ws", Uri.EscapeDataString(seed));
        }

        foreach (var peer in Peers)
        {
            Append("x.pe", Uri.EscapeDataString(FormatPeer(peer)));
        }

        if (SelectOnly.Count > 0)
        {
            Append("so", string.Join(',', SelectOnly));
        }

        return text.ToString();
    }

    // "tr.1", "xt.2": numbered forms some clients write mean the same as the plain key.
    private static string BaseKey(ReadOnlySpan<char> key)
    {
        var dot = key.LastIndexOf('.');
        if (dot > 0 && key[(dot + 1)..].Length > 0 && int.TryParse(key[(dot + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            key = key[..dot];
        }

        return key.ToString().ToLowerInvariant();
    }

    private static string FormatPeer(EndPoint peer) => peer switch
    {
        IPEndPoint { AddressFamily: AddressFamily.InterNetworkV6 } ip => string.Create(CultureInfo.InvariantCulture, $"[{ip.Address}]:{ip.Port}"),
        IPEndPoint ip => string.Create(CultureInfo.InvariantCulture, $"{ip.Address}:{ip.Port}"),
        DnsEndPoint dns => string.Create(CultureInfo.InvariantCulture, $"{dns.Host}:{dns.Port}"),
        _ => peer.ToString() ?? "",
    };

    private static string Printable(ReadOnlySpan<char> text)
    {
        var builder = new StringBuilder();
        foreach (var c in text[..Math.Min(text.Length, 40)])
        {
            builder.Append(c is >= ' ' and < (char)0x7F ? c : '?');
        }

        return builder.ToString();
    }

    /// <summary>Collects parameters, then checks that the link names a torrent.</summary>
    private sealed class Builder
    {
        private readonly List<string> _trackers = [];
        private readonly List<string> _webSeeds = [];
        private readonly List<EndPoint> _peers = [];
        private readonly List<MagnetFileRange> _selectOnly = [];
        private InfoHash? _v1;
        private byte[] _v2 = [];
        private string? _name;

        public string? Add(string key, string value)
        {
            switch (key)
            {
                case "xt":
                    return AddExactTopic(value);
                case "dn":
                    _name ??= value.Length <= MaxNameLength ? value : value[..MaxNameLength];
                    return null;
                case "tr":
                    AddUrl(_trackers, value, MaxTrackers, "http", "https", "udp");
                    return null;
                case "ws":
                    AddUrl(_webSeeds, value, MaxWebSeeds, "http", "https");
                    return null;
                case "x.pe":
                    if (_peers.Count < MaxPeers && TryParsePeer(value, out var peer) && !_peers.Contains(peer))
                    {
                        _peers.Add(peer);
                    }

                    return null;
                case "so":
                    return AddSelectOnly(value);
                default:
                    return null;
            }
        }

        public bool TryBuild([NotNullWhen(true)] out MagnetLink? link, [NotNullWhen(false)] out string? error)
        {
            if (_v1 is null && _v2.Length == 0)
            {
                link = null;
                error = "The magnet link has no BitTorrent info-hash (xt=urn:btih:… or xt=urn:btmh:…).";
                return false;
            }

            link = new MagnetLink(_v1, _v2, _name, _trackers, _webSeeds, _peers, _selectOnly);
            error = null;
            return true;
        }

        private string? AddExactTopic(string value)
        {
            if (value.StartsWith("urn:btih:", StringComparison.OrdinalIgnoreCase))
            {
                if (!InfoHash.TryParse(value.AsSpan(9), out var hash))
                {
                    return "The magnet link's info-hash (btih) is neither 40 hex digits nor 32 base32 characters.";
                }

                if (_v1 is { } existing && existing != hash)
                {
                    return "The magnet link names two different v1 info-hashes.";
                }

                _v1 = hash;
                return null;
            }

            if (value.StartsWith("urn:btmh:", StringComparison.OrdinalIgnoreCase))
            {
                // A multihash: 0x12 (SHA2-256), 0x20 (32 bytes), then the digest, all in hex.
                var multihash = value.AsSpan(9);
                if (multihash.Length != 68 || !multihash.StartsWith("1220", StringComparison.Ordinal) || !TryHex(multihash[4..], out var digest))
                {
                    return "The magnet link's v2 info-hash (btmh) is not a SHA-256 multihash (1220 followed by 64 hex digits).";
                }

                if (_v2.Length != 0 && !_v2.AsSpan().SequenceEqual(digest))
                {
                    return "The magnet link names two different v2 info-hashes.";
                }

                _v2 = digest;
                return null;
            }

            // Other networks' topics (ed2k, sha1, ...) can share a link; they are not ours to use.
            return null;
        }

        private string? AddSelectOnly(string value)
        {
            foreach (var part in value.Split(','))
            {
                if (part.Length == 0)
                {
                    continue;
                }

                var dash = part.IndexOf('-', StringComparison.Ordinal);
                var firstText = dash < 0 ? part : part[..dash];
                var lastText = dash < 0 ? part : part[(dash + 1)..];
                if (!int.TryParse(firstText, NumberStyles.None, CultureInfo.InvariantCulture, out var first)
                    || !int.TryParse(lastText, NumberStyles.None, CultureInfo.InvariantCulture, out var last)
                    || last < first)
                {
                    return $"The magnet link's file selection (so={Printable(value)}) is not a list of file numbers and ranges like 0,2,4-6.";
                }

                if (_selectOnly.Count >= MaxRanges)
                {
                    return $"The magnet link selects files with more than {MaxRanges} ranges.";
                }

                _selectOnly.Add(new MagnetFileRange(first, last));
            }

            return null;
        }

        private static void AddUrl(List<string> list, string value, int max, params string[] schemes)
        {
            if (list.Count < max
                && value.Length <= 2048
                && Uri.TryCreate(value, UriKind.Absolute, out var uri)
                && !string.IsNullOrEmpty(uri.Host)
                && schemes.Contains(uri.Scheme, StringComparer.Ordinal)
                && !list.Contains(value))
            {
                list.Add(value);
            }
        }

        private static bool TryParsePeer(string value, [NotNullWhen(true)] out EndPoint? peer)
        {
            peer = null;
            string host;
            string portText;
            if (value.StartsWith('['))
            {
                var close = value.IndexOf("]:", StringComparison.Ordinal);
                if (close < 0)
                {
                    return false;
                }

                host = value[1..close];
                portText = value[(close + 2)..];
                if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
                {
                    return false;
                }
            }
            else
            {
                var colon = value.LastIndexOf(':');
                if (colon <= 0 || value.IndexOf(':', StringComparison.Ordinal) != colon)
                {
                    return false;
                }

                host = value[..colon];
                portText = value[(colon + 1)..];
            }

            if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                return false;
            }

            // IPAddress also reads legacy forms ("127.1", "2130706433"); only the dotted quad it would print back is an address here.
            if (IPAddress.TryParse(host, out var address)
                && (address.AddressFamily == AddressFamily.InterNetworkV6 || string.Equals(address.ToString(), host, StringComparison.Ordinal)))
            {
                peer = new IPEndPoint(address, port);
                return true;
            }

            if (Uri.CheckHostName(host) == UriHostNameType.Dns)
            {
                peer = new DnsEndPoint(host, port);
                return true;
            }

            return false;
        }

        private static bool TryHex(ReadOnlySpan<char> text, out byte[] bytes)
        {
            bytes = new byte[text.Length / 2];
            return Convert.FromHexString(text, bytes, out _, out var written) == System.Buffers.OperationStatus.Done && written == bytes.Length;
        }
    }
}
