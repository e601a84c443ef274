using HomeTelco.Torrent.Magnets;
using HomeTelco.Torrent.Metainfo;

namespace HomeTelco.Torrent.Tests.Metainfo;

public sealed class MetainfoFuzzTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("v1")]
    [InlineData("v2")]
    [InlineData("hybrid")]
    public void Mutated_real_torrents_are_parsed_or_refused_never_crash(string mode)
    {
        ExternalTool.WriteFile(_temp.File("f/a.bin"), 60_000, 51);
        ExternalTool.WriteFile(_temp.File("f/b/c.bin"), 9_000, 52);
        var torrent = _temp.File("f.torrent");
        TorrentTools.Libtorrent(_temp.Path, "f", 16384, mode, torrent);
        var original = File.ReadAllBytes(torrent);
        Assert.True(TorrentMetainfo.TryParse(original, out _, out var firstError), firstError);

        var random = new Random(4242);
        var parsed = 0;
        for (var i = 0; i < 3_000; i++)
        {
            var mutated = (byte[])original.Clone();
            for (var e = random.Next(1, 4); e > 0; e--)
            {
                var at = random.Next(mutated.Length);
                mutated[at] = random.Next(3) == 0 ? (byte)random.Next(256) : "0123456789:ilde./"u8[random.Next(17)];
            }

            var cut = random.Next(8) == 0 ? random.Next(mutated.Length) : mutated.Length;
            if (TorrentMetainfo.TryParse(mutated.AsMemory(0, cut), out var metainfo, out var error))
            {
                parsed++;
                Assert.All(metainfo.Files, f => Assert.DoesNotContain("..", f.Path.Split('/')));
                Assert.Equal(metainfo.PieceCount, metainfo.Layout.PieceCount);
            }
            else
            {
                Assert.False(string.IsNullOrWhiteSpace(error));
            }
        }

        Assert.InRange(parsed, 1, 2_999);
    }

    [Fact]
    public void Mutated_magnet_links_are_parsed_or_refused_never_crash()
    {
        const string Link = "magnet:?xt=urn:btih:55ed82df543e7ed13c81a5e8bf4eedd0769bd7ea&xt=urn:btmh:1220bb0eea536a6b84e42d5fdf84b351308cfae2f89d60445095ba7fe6f9d211e402&dn=a%20b&tr=udp%3A%2F%2F127.0.0.1%3A6969&x.pe=[::1]:5&x.pe=127.0.0.1:6&so=0,2-4&ws=http://127.0.0.1/";
        const string Alphabet = "%&=:[]-,.0123456789abcdefxz+?\u00e9\0";
        var random = new Random(99);
        var parsed = 0;
        for (var i = 0; i < 5_000; i++)
        {
            var chars = Link.ToCharArray();
            for (var e = random.Next(1, 4); e > 0; e--)
            {
                chars[random.Next(chars.Length)] = Alphabet[random.Next(Alphabet.Length)];
            }

            var text = new string(chars, 0, random.Next(4) == 0 ? random.Next(chars.Length) : chars.Length);
            if (MagnetLink.TryParse(text, out var link, out _))
            {
                parsed++;
                Assert.Equal(link.ToString(), MagnetLink.Parse(link.ToString()).ToString());
            }
        }

        Assert.InRange(parsed, 1, 4_999);
    }
}
