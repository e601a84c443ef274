using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using HomeTelco.Torrent.Magnets;
using HomeTelco.Torrent.Metainfo;
using HomeTelco.Torrent.Tests.Metainfo;

namespace HomeTelco.Torrent.Tests.Magnets;

public sealed partial class MagnetLinkTests : IDisposable
{
    private const string Hex = "55ed82df543e7ed13c81a5e8bf4eedd0769bd7ea";
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string, string> Invalid => new()
    {
        { "", "starts with \"magnet:?\"" },
        { "http://127.0.0.1/x.torrent", "starts with \"magnet:?\"" },
        { "magnet:?dn=x&tr=http%3A%2F%2F127.0.0.1%2F", "has no BitTorrent info-hash" },
        { "magnet:?xt=urn:ed2k:31D6CFE0D16AE931B73C59D7E0C089C0", "has no BitTorrent info-hash" },
        { "magnet:?xt=urn:btih:55ed82df", "neither 40 hex digits nor 32 base32 characters" },
        { "magnet:?xt=urn:btih:" + Hex[..39] + "g", "neither 40 hex digits" },
        { "magnet:?xt=urn:btmh:1114" + Hex, "not a SHA-256 multihash" },
        { "magnet:?xt=urn:btmh:1220" + Hex, "not a SHA-256 multihash" },
        { "magnet:?xt=urn:btmh:1220" + Hex + "zzzzzzzzzzzzzzzzzzzzzzzz", "not a SHA-256 multihash" },
        { "magnet:?xt=urn:btih:" + Hex + "&dn=a%2", "'dn' parameter has a broken %-escape" },
        { "magnet:?xt=urn:btih:" + Hex + "&dn=a%zz", "'dn' parameter has a broken %-escape" },
        { "magnet:?xt=urn:btih:" + Hex + "&dn=caf\u00e9", "character that does not belong in a link" },
        { "magnet:?xt=urn:btih:" + Hex + "&xt=urn:btih:" + Hex.Replace('5', '6'), "two different v1 info-hashes" },
        { "magnet:?xt=urn:btih:" + Hex + "&so=3-1", "is not a list of file numbers" },
        { "magnet:?xt=urn:btih:" + Hex + "&so=a", "is not a list of file numbers" },
        { "magnet:?xt=urn:btih:" + Hex + "&so=-1", "is not a list of file numbers" },
        { "magnet:?xt=urn:btih:" + Hex + "&dn=" + new string('a', 17_000), "longer than 16384 characters" },
        { "magnet:?xt=urn:btih:" + Hex + string.Concat(Enumerable.Repeat("&x=1", 300)), "more than 256 parameters" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Unusable_links_are_refused_with_a_reason(string text, string expected)
    {
        Assert.False(MagnetLink.TryParse(text, out var link, out var error));
        Assert.Null(link);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Equal(error, Assert.Throws<FormatException>(() => MagnetLink.Parse(text)).Message);
    }

    [Fact]
    public void Every_part_of_a_v1_link_is_read_and_unusable_extras_are_dropped()
    {
        var link = MagnetLink.Parse(
            "magnet:?xt=urn:btih:" + Hex.ToUpperInvariant() + "&dn=My+Show%20S01%E2%9C%93" +
            "&tr=udp%3A%2F%2F127.0.0.1%3A6969&tr.1=http://127.0.0.1:80/announce&tr=javascript:alert(1)&tr=udp%3A%2F%2F127.0.0.1%3A6969" +
            "&ws=http%3A%2F%2F127.0.0.1%2Fseed%2F&ws=ftp://127.0.0.1/" +
            "&x.pe=127.0.0.2:6881&x.pe=[::1]:51413&x.pe=peer.example:7&x.pe=127.0.0.3:0&x.pe=127.1:5&x.pe=[127.0.0.1]:5&x.pe=nonsense" +
            "&so=0,2,4-6&xt=urn:ed2k:abc&unknown=1");

        Assert.Equal(Hex, link.InfoHashV1!.Value.ToHex());
        Assert.Equal(link.InfoHashV1, link.WireHash);
        Assert.Null(link.InfoHashV2);
        Assert.Equal("My Show S01✓", link.Name);
        Assert.Equal(["udp://127.0.0.1:6969", "http://127.0.0.1:80/announce"], link.Trackers);
        Assert.Equal(["http://127.0.0.1/seed/"], link.WebSeeds);
        Assert.Equal(
            [new IPEndPoint(IPAddress.Parse("127.0.0.2"), 6881), new IPEndPoint(IPAddress.IPv6Loopback, 51413), new DnsEndPoint("peer.example", 7)],
            link.Peers);
        Assert.Equal([new MagnetFileRange(0, 0), new MagnetFileRange(2, 2), new MagnetFileRange(4, 6)], link.SelectOnly);
        Assert.Equal([true, false, true, false, true, true, true, false], Enumerable.Range(0, 8).Select(link.Selects));
    }

    [Fact]
    public void Base32_hashes_read_the_same_as_hex()
    {
        var link = MagnetLink.Parse("magnet:?xt=urn:btih:" + Base32(Convert.FromHexString(Hex)));
        Assert.Equal(Hex, link.WireHash.ToHex());
        Assert.True(link.Selects(123));
    }

    [Fact]
    public void ToString_round_trips_and_is_stable()
    {
        var link = MagnetLink.Parse(
            "magnet:?xt=urn:btmh:1220" + Hex + Hex[..24] + "&xt=urn:btih:" + Hex + "&dn=a%26b%3Dc+d&tr=udp://127.0.0.1:6969&ws=http://127.0.0.1/s&x.pe=[::1]:5&x.pe=127.0.0.1:6&so=1,3-4");

        var text = link.ToString();
        var again = MagnetLink.Parse(text);

        Assert.Equal(text, again.ToString());
        Assert.StartsWith("magnet:?xt=urn:btih:" + Hex + "&xt=urn:btmh:1220" + Hex + Hex[..24] + "&dn=a%26b%3Dc%20d&", text, StringComparison.Ordinal);
        Assert.Equal(link.InfoHashV1, again.InfoHashV1);
        Assert.Equal(link.InfoHashV2Full.ToArray(), again.InfoHashV2Full.ToArray());
        Assert.Equal("a&b=c d", again.Name);
        Assert.Equal(link.Trackers, again.Trackers);
        Assert.Equal(link.WebSeeds, again.WebSeeds);
        Assert.Equal(link.Peers, again.Peers);
        Assert.Equal(link.SelectOnly, again.SelectOnly);
    }

    [Fact]
    public void Links_printed_by_transmission_and_aria2_name_the_torrents_hash()
    {
        ExternalTool.WriteFile(_temp.File("pack/a.bin"), 40_000, 41);
        ExternalTool.WriteFile(_temp.File("pack/b.bin"), 10_000, 42);
        var torrent = _temp.File("pack.torrent");
        TorrentTools.TransmissionCreate(_temp.File("pack"), torrent, 16, "-t", "http://127.0.0.1:6969/announce");
        var metainfo = TorrentMetainfo.Parse(File.ReadAllBytes(torrent));

        var transmission = MagnetLink.Parse(ExternalTool.Run("transmission-show", ["-m", torrent]).Trim());
        var aria2 = MagnetLink.Parse(Aria2Magnet().Match(ExternalTool.Run("aria2c", ["--show-files", torrent])).Groups[1].Value);

        Assert.Equal(metainfo.WireHash, transmission.WireHash);
        Assert.Equal("pack", transmission.Name);
        Assert.Equal(["http://127.0.0.1:6969/announce"], transmission.Trackers);
        Assert.Equal(metainfo.WireHash, aria2.WireHash);
        Assert.Equal(["http://127.0.0.1:6969/announce"], aria2.Trackers);
    }

    [Fact]
    public void Libtorrent_links_for_v2_and_hybrid_torrents_carry_their_hashes_and_libtorrent_reads_ours()
    {
        ExternalTool.WriteFile(_temp.File("set/a.bin"), 70_000, 43);
        ExternalTool.WriteFile(_temp.File("set/b.bin"), 5_000, 44);
        foreach (var mode in new[] { "v2", "hybrid" })
        {
            var torrent = _temp.File(mode + ".torrent");
            TorrentTools.Libtorrent(_temp.Path, "set", 16384, mode, torrent);
            var metainfo = TorrentMetainfo.Parse(File.ReadAllBytes(torrent));

            var theirs = MagnetLink.Parse(ExternalTool.Run("/usr/bin/python3", ["-c", "import libtorrent as lt, sys; print(lt.make_magnet_uri(lt.torrent_info(sys.argv[1])))", torrent]).Trim());
            Assert.Equal(metainfo.InfoHashV1, theirs.InfoHashV1);
            Assert.Equal(metainfo.InfoHashV2Full.ToArray(), theirs.InfoHashV2Full.ToArray());
            Assert.Equal(metainfo.WireHash, theirs.WireHash);

            var ours = MagnetLink.For(metainfo).ToString();
            var read = JsonDocument.Parse(ExternalTool.Run("/usr/bin/python3", ["-c", """
                import json, sys, libtorrent as lt
                p = lt.parse_magnet_uri(sys.argv[1])
                h = p.info_hashes
                print(json.dumps({"v1": str(h.v1) if h.has_v1() else "", "v2": str(h.v2) if h.has_v2() else "", "name": p.name, "trackers": list(p.trackers)}))
                """, ours])).RootElement;
            Assert.Equal(metainfo.InfoHashV1?.ToHex() ?? "", read.GetProperty("v1").GetString());
            Assert.Equal(Convert.ToHexStringLower(metainfo.InfoHashV2Full.Span), read.GetProperty("v2").GetString());
            Assert.Equal("set", read.GetProperty("name").GetString());
            Assert.Equal(["udp://127.0.0.1:6969/announce", "http://127.0.0.1:6970/announce"], read.GetProperty("trackers").EnumerateArray().Select(t => t.GetString()));
        }
    }

    private static string Base32(byte[] bytes)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var text = new System.Text.StringBuilder();
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                text.Append(Alphabet[(buffer >> bits) & 31]);
            }
        }

        return text.ToString();
    }

    [GeneratedRegex(@"^Magnet URI:\s*(\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex Aria2Magnet();
}
