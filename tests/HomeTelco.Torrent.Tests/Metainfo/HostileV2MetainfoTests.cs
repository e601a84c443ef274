using System.Text;
using HomeTelco.Torrent.Metainfo;
using static HomeTelco.Torrent.Tests.Metainfo.BencodeTree;

namespace HomeTelco.Torrent.Tests.Metainfo;

/// <summary>Real libtorrent v2 and hybrid torrents, edited the way a hostile or broken maker would.</summary>
public sealed class HostileV2MetainfoTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly byte[] _v2;
    private readonly byte[] _hybrid;

    public HostileV2MetainfoTests()
    {
        ExternalTool.WriteFile(_temp.File("set/a.bin"), 100_000, 31);
        ExternalTool.WriteFile(_temp.File("set/b/c.bin"), 10_000, 32);
        TorrentTools.Libtorrent(_temp.Path, "set", 16384, "v2", _temp.File("v2.torrent"));
        TorrentTools.Libtorrent(_temp.Path, "set", 16384, "hybrid", _temp.File("hybrid.torrent"));
        _v2 = System.IO.File.ReadAllBytes(_temp.File("v2.torrent"));
        _hybrid = System.IO.File.ReadAllBytes(_temp.File("hybrid.torrent"));
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_unedited_torrents_parse()
    {
        Assert.Equal(TorrentVersion.V2, TorrentMetainfo.Parse(_v2).Version);
        Assert.Equal(TorrentVersion.Hybrid, TorrentMetainfo.Parse(_hybrid).Version);
    }

    [Fact]
    public void A_missing_piece_layer_is_refused()
    {
        var root = Root(_v2);
        root.Remove("piece layers");
        AssertRefused(root, "The torrent's file 1 ('set/a.bin') has no piece layer, so its pieces cannot be checked.");
    }

    [Fact]
    public void A_piece_layer_that_does_not_hash_to_the_root_is_refused()
    {
        var root = Root(_v2);
        var layer = (byte[])Layers(root).Values.Single();
        layer[5] ^= 0xFF;
        AssertRefused(root, "The torrent's piece layer for file 1 ('set/a.bin') does not match the file's pieces root.");
    }

    [Fact]
    public void A_piece_layer_of_the_wrong_length_is_refused()
    {
        var root = Root(_v2);
        var layers = Layers(root);
        var key = layers.Keys.Single();
        layers[key] = ((byte[])layers[key])[..^32];
        AssertRefused(root, "The torrent's piece layer for file 1 has 192 bytes; 7 pieces need 224.");
    }

    [Fact]
    public void A_pieces_root_of_the_wrong_size_is_refused()
    {
        var root = Root(_v2);
        FileAttributes(root, "a.bin")["pieces root"] = new byte[20];
        AssertRefused(root, "The torrent's file 'a.bin' has no valid 32-byte pieces root.");
    }

    [Fact]
    public void Escaping_and_ambiguous_file_tree_entries_are_refused()
    {
        var root = Root(_v2);
        var tree = Tree(root);
        tree[".."] = tree["a.bin"];
        tree.Remove("a.bin");
        root.Remove("piece layers");
        AssertRefused(root, "has path 'set/..', which would escape its folder");

        root = Root(_v2);
        var folder = (SortedDictionary<string, object>)Tree(root)["b"];
        folder[""] = Dict(("length", 1L));
        AssertRefused(root, "The torrent's file tree entry 'b' is both a file and a folder.");

        root = Root(_v2);
        Tree(root)[""] = Dict(("length", 1L));
        AssertRefused(root, "describes a file with no name");

        root = Root(_v2);
        Tree(root).Clear();
        AssertRefused(root, "The torrent's file tree has no files.");

        root = Root(_v2);
        Tree(root)["x"] = 5L;
        AssertRefused(root, "has an entry 'x' that is neither a file nor a folder");
    }

    [Fact]
    public void A_hybrid_whose_v1_and_v2_halves_disagree_is_refused()
    {
        var root = Root(_hybrid);
        var files = (List<object>)Info(root)["files"];
        var first = (SortedDictionary<string, object>)files[0];
        first["path"] = List("z.bin");
        AssertRefused(root, "The torrent's v1 and v2 descriptions disagree about file 1 ('set/z.bin'");

        root = Root(_hybrid);
        files = (List<object>)Info(root)["files"];
        files.RemoveAll(f => f is SortedDictionary<string, object> d && d.ContainsKey("attr"));
        var message = Assert.Throws<MetainfoException>(() => TorrentMetainfo.Parse(Encode(root))).Message;
        Assert.True(message.Contains("disagree", StringComparison.Ordinal) || message.Contains("piece hashes", StringComparison.Ordinal), message);
    }

    private static SortedDictionary<string, object> Root(byte[] torrent) => (SortedDictionary<string, object>)Decode(torrent);

    private static SortedDictionary<string, object> Info(SortedDictionary<string, object> root) => (SortedDictionary<string, object>)root["info"];

    private static SortedDictionary<string, object> Tree(SortedDictionary<string, object> root) => (SortedDictionary<string, object>)Info(root)["file tree"];

    private static SortedDictionary<string, object> Layers(SortedDictionary<string, object> root) => (SortedDictionary<string, object>)root["piece layers"];

    private static SortedDictionary<string, object> FileAttributes(SortedDictionary<string, object> root, string name) =>
        (SortedDictionary<string, object>)((SortedDictionary<string, object>)Tree(root)[name])[""];

    private static void AssertRefused(object torrent, string expected)
    {
        var error = Assert.Throws<MetainfoException>(() => TorrentMetainfo.Parse(Encode(torrent)));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\0", error.Message, StringComparison.Ordinal);
        Assert.True(Encoding.UTF8.GetByteCount(error.Message) < 500);
    }
}
