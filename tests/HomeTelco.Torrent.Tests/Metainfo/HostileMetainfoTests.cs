using System.Text;
using HomeTelco.Torrent.Metainfo;
using static HomeTelco.Torrent.Tests.Metainfo.BencodeTree;

namespace HomeTelco.Torrent.Tests.Metainfo;

public sealed class HostileMetainfoTests
{
    public static TheoryData<string, string> BadPaths => new()
    {
        { "..|x", "The torrent's file 1 has path 't/../x', which would escape its folder." },
        { ".", "The torrent's file 1 has path 't/.', which would escape its folder." },
        { "a/b", "which would escape its folder (a name may not contain '/' or '\\')" },
        { "/etc|passwd", "has path 't//etc/passwd', which would escape its folder" },
        { "a\\b", "which would escape its folder (a name may not contain" },
        { "a\0b", "which contains a control character" },
        { "ok||b", "which has an empty folder or file name" },
        { "", "which has an empty folder or file name" },
        { new string('x', 256), "which has a name longer than 255 bytes" },
    };

    [Theory]
    [MemberData(nameof(BadPaths))]
    public void Paths_that_could_escape_or_break_the_folder_are_refused(string path, string expected)
    {
        var torrent = V1(files: List(File(10, path.Split('|'))));
        AssertRefused(torrent, expected);
    }

    [Fact]
    public void A_path_nested_too_deep_or_empty_is_refused()
    {
        AssertRefused(V1(files: List(File(10, Enumerable.Repeat("d", 70).ToArray()))), "nested more than 64 folders deep");
        AssertRefused(V1(files: List(Dict(("length", 10), ("path", List())))), "The torrent's file 1 has an empty path.");
    }

    [Theory]
    [InlineData("..", "cannot be a file or folder name: which would escape its folder")]
    [InlineData("a/b", "cannot be a file or folder name")]
    [InlineData("", "cannot be a file or folder name: which has an empty folder or file name")]
    public void A_name_that_is_not_a_plain_name_is_refused(string name, string expected)
    {
        AssertRefused(V1(name: name, length: 10), expected);
    }

    [Fact]
    public void Two_files_with_one_path_or_a_file_where_a_folder_must_be_are_refused()
    {
        AssertRefused(V1(files: List(File(10, "a"), File(10, "a"))), "names 't/a' twice");
        AssertRefused(V1(files: List(File(10, "a"), File(10, "a", "b"))), "names 't/a' both as a file and as a folder");
        AssertRefused(V1(files: List(File(10, "a", "b"), File(10, "a"))), "names 't/a' twice");
    }

    [Theory]
    [InlineData(1000, "piece length 1000 is not a power of two between 16 KiB and 64 MiB")]
    [InlineData(8192, "piece length 8192 is not")]
    [InlineData(128 * 1024 * 1024, "piece length 134217728 is not")]
    [InlineData(-16384, "is not a power of two")]
    public void Piece_lengths_outside_what_storage_handles_are_refused(int pieceLength, string expected)
    {
        AssertRefused(V1(length: 10, pieceLength: pieceLength), expected);
    }

    [Fact]
    public void Piece_hashes_must_match_the_length()
    {
        AssertRefused(V1(length: 10, pieces: new byte[40]), "The torrent has 2 piece hashes but its 10 bytes make 1 pieces of 16384 bytes.");
        AssertRefused(V1(length: 40_000, pieces: new byte[20]), "has 1 piece hashes but its 40000 bytes make 3 pieces");
        AssertRefused(V1(length: 10, pieces: new byte[19]), "not a whole number of 20-byte SHA-1 hashes");
        AssertRefused(V1(length: 1L << 40, pieces: []), "more than 4194304 pieces");
    }

    [Fact]
    public void Lengths_that_are_negative_huge_or_empty_are_refused()
    {
        AssertRefused(V1(files: List(File(-1, "a"))), "file 1 has no valid length and path");
        AssertRefused(V1(length: -5), "neither a length nor a file list");
        AssertRefused(V1(files: List(File(1L << 45, "a"), File((1L << 45) + 1, "b"))), "larger than 64 TiB");
        AssertRefused(V1(length: long.MaxValue), "larger than 64 TiB");
        AssertRefused(V1(length: 0, pieces: []), "holds no data");
        AssertRefused(V1(files: List()), "file list is empty");
    }

    [Fact]
    public void Contradictory_or_missing_structure_is_refused()
    {
        var both = V1(length: 10);
        ((SortedDictionary<string, object>)both["info"])["files"] = List(File(10, "a"));
        AssertRefused(both, "both a single file and a folder of files");

        var noName = V1(length: 10);
        ((SortedDictionary<string, object>)noName["info"]).Remove("name");
        AssertRefused(noName, "The torrent has no name.");

        var noPieceLength = V1(length: 10);
        ((SortedDictionary<string, object>)noPieceLength["info"]).Remove("piece length");
        AssertRefused(noPieceLength, "The torrent has no piece length.");

        var futureVersion = V1(length: 10);
        ((SortedDictionary<string, object>)futureVersion["info"])["meta version"] = 3;
        AssertRefused(futureVersion, "uses metainfo version 3");

        var treeWithoutVersion = V1(length: 10);
        ((SortedDictionary<string, object>)treeWithoutVersion["info"])["file tree"] = Dict();
        AssertRefused(treeWithoutVersion, "has a v2 file tree but no \"meta version\"");

        AssertRefused(Dict(("announce", "http://127.0.0.1/")), "it has no info dictionary");
        AssertRefused(List(), "it has no info dictionary");
    }

    [Fact]
    public void Broken_bencoding_huge_strings_and_deep_nesting_are_refused_with_the_offset()
    {
        Refused(Encoding.ASCII.GetBytes("d4:info"), "The file is not a valid torrent: offset 7: the data ends inside the dictionary");
        Refused(Encoding.ASCII.GetBytes("d4:infod4:name999999999:xee"), "string longer than the limit of 16777216 bytes");
        Refused(Encoding.ASCII.GetBytes("d4:info" + new string('l', 500) + new string('e', 500) + "e"), "nesting deeper than the limit");
        Refused(Encoding.ASCII.GetBytes("d4:infod4:name1:te4:infodee"), "duplicate dictionary key 'info'");
        Refused(Encoding.ASCII.GetBytes("d4:infodee "), "trailing data");
        Refused([], "no value");
    }

    [Fact]
    public void Unknown_keys_bad_tracker_urls_and_bad_web_seeds_are_ignored_not_fatal()
    {
        var torrent = V1(length: 10);
        torrent["announce-list"] = List(List("http://127.0.0.1:1/a", "javascript:alert(1)", "not a url"), List(), "not a tier", List("udp://127.0.0.1:2"));
        torrent["announce"] = "http://127.0.0.1:9/ignored-when-a-list-exists";
        torrent["url-list"] = List("ftp://127.0.0.1/x", "http://127.0.0.1/seed/", 42);
        torrent["creation date"] = -5;
        torrent["x-unknown"] = Dict(("y", List()));
        var metainfo = TorrentMetainfo.Parse(Encode(torrent));
        Assert.Equal([["http://127.0.0.1:1/a"], ["udp://127.0.0.1:2"]], metainfo.AnnounceTiers);
        Assert.Equal(["http://127.0.0.1/seed/"], metainfo.WebSeeds);
        Assert.Null(metainfo.CreationDate);

        torrent.Remove("announce-list");
        torrent["url-list"] = "https://127.0.0.1/one";
        metainfo = TorrentMetainfo.Parse(Encode(torrent));
        Assert.Equal([["http://127.0.0.1:9/ignored-when-a-list-exists"]], metainfo.AnnounceTiers);
        Assert.Equal(["https://127.0.0.1/one"], metainfo.WebSeeds);
    }

    [Fact]
    public void Private_flag_is_only_the_integer_one()
    {
        var torrent = V1(length: 10);
        var info = (SortedDictionary<string, object>)torrent["info"];
        info["private"] = 1;
        Assert.True(TorrentMetainfo.Parse(Encode(torrent)).IsPrivate);
        info["private"] = 0;
        Assert.False(TorrentMetainfo.Parse(Encode(torrent)).IsPrivate);
        info["private"] = "1";
        Assert.False(TorrentMetainfo.Parse(Encode(torrent)).IsPrivate);
    }

    [Fact]
    public void TryParse_reports_the_same_message_without_throwing()
    {
        Assert.False(TorrentMetainfo.TryParse(Encode(V1(files: List(File(1, "..")))), out var metainfo, out var error));
        Assert.Null(metainfo);
        Assert.Equal("The torrent's file 1 has path 't/..', which would escape its folder.", error);
        Assert.True(TorrentMetainfo.TryParse(Encode(V1(length: 10)), out metainfo, out error));
        Assert.Null(error);
        Assert.Equal("t", metainfo.Name);
    }

    internal static SortedDictionary<string, object> File(long length, params string[] path) =>
        Dict(("length", length), ("path", path.Select(p => (object)p).ToList()));

    internal static SortedDictionary<string, object> V1(
        string name = "t", long? length = null, List<object>? files = null, long pieceLength = 16384, byte[]? pieces = null)
    {
        var info = Dict(("name", name), ("piece length", pieceLength));
        long total = 0;
        if (length is { } single)
        {
            info["length"] = single;
            total = single;
        }

        if (files is not null)
        {
            info["files"] = files;
            total = files.OfType<SortedDictionary<string, object>>().Sum(f => f["length"] is long l && l > 0 ? l : 0);
        }

        var count = pieceLength > 0 ? (total / pieceLength) + (total % pieceLength > 0 ? 1 : 0) : 0;
        info["pieces"] = pieces ?? new byte[Math.Min(count, 1000) * 20];
        return Dict(("announce", "http://127.0.0.1:6969/announce"), ("info", info));
    }

    private static void AssertRefused(object torrent, string expected) => Refused(Encode(torrent), expected);

    private static void Refused(byte[] torrent, string expected)
    {
        var error = Assert.Throws<MetainfoException>(() => TorrentMetainfo.Parse(torrent));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
