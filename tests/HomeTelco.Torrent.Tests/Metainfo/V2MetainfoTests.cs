using HomeTelco.Torrent.Metainfo;

namespace HomeTelco.Torrent.Tests.Metainfo;

public sealed class V2MetainfoTests : IDisposable
{
    private const int PieceLength = 32 * 1024;
    private readonly TempFolder _temp = new();

    public V2MetainfoTests()
    {
        // A file of several pieces (with a piece layer), one smaller than a block, one exactly a piece,
        // one of two pieces whose last piece has a partial block, and an empty one.
        ExternalTool.WriteFile(_temp.File("show/big.mkv"), 150_000, 21);
        ExternalTool.WriteFile(_temp.File("show/extras/small.srt"), 5_000, 22);
        ExternalTool.WriteFile(_temp.File("show/extras/exact.bin"), PieceLength, 23);
        ExternalTool.WriteFile(_temp.File("show/extras/deeper/two.bin"), 40_000, 24);
        File.WriteAllBytes(_temp.File("show/empty.nfo"), []);
        ExternalTool.WriteFile(_temp.File("solo/solo.iso"), 100_000, 25);
    }

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(PieceLength)]
    [InlineData(16 * 1024)]
    [InlineData(256 * 1024)]
    public void Libtorrent_v2_torrent_has_libtorrents_hash_files_and_every_piece_verifies_by_merkle_tree(int pieceLength)
    {
        var torrent = _temp.File("show.torrent");
        var expected = TorrentTools.Libtorrent(_temp.Path, "show", pieceLength, "v2", torrent);

        var metainfo = TorrentMetainfo.Parse(File.ReadAllBytes(torrent));

        Assert.Equal(TorrentVersion.V2, metainfo.Version);
        Assert.Null(metainfo.InfoHashV1);
        Assert.Equal(expected.V2, Convert.ToHexStringLower(metainfo.InfoHashV2Full.Span));
        Assert.Equal(expected.V2[..40], metainfo.WireHash.ToHex());
        Assert.Equal(expected.Pieces, metainfo.PieceCount);
        AssertSameFilesAsLibtorrent(expected, metainfo);
        Assert.True(metainfo.HasAllPieceLayers);
        Assert.Equal(
            [["udp://127.0.0.1:6969/announce"], ["http://127.0.0.1:6970/announce"]],
            metainfo.AnnounceTiers);

        // Every file after the first starts on a piece boundary.
        Assert.All(metainfo.Files.Where(f => f.Length > 0), f => Assert.Equal(0, f.Offset % pieceLength));
        Assert.All(metainfo.Files.Where(f => f.Length > 0), f => Assert.Equal(32, f.PiecesRoot.Length));
        V1MetainfoTests.AssertEveryPieceVerifiesAndAFlippedByteFailsItsPiece(metainfo, _temp.Path);
        AssertEachFilesLastPieceVerifiesWithOnlyItsOwnBytes(metainfo);
    }

    [Fact]
    public void Libtorrent_hybrid_torrent_has_both_hashes_padding_files_and_verifies_with_sha1()
    {
        var torrent = _temp.File("show-hybrid.torrent");
        var expected = TorrentTools.Libtorrent(_temp.Path, "show", PieceLength, "hybrid", torrent);

        var metainfo = TorrentMetainfo.Parse(File.ReadAllBytes(torrent));

        Assert.Equal(TorrentVersion.Hybrid, metainfo.Version);
        // Only libtorrent is the reference here: transmission 3.00 refuses hybrids, and aria2 1.x prints a v1
        // hash for them that neither libtorrent nor a plain SHA-1 of the info bytes agrees with.
        Assert.Equal(expected.V1, metainfo.InfoHashV1!.Value.ToHex());
        Assert.Equal(expected.V2, Convert.ToHexStringLower(metainfo.InfoHashV2Full.Span));
        Assert.Equal(expected.Pieces, metainfo.PieceCount);
        AssertSameFilesAsLibtorrent(expected, metainfo);
        Assert.Contains(metainfo.Files, f => f.IsPadding);
        Assert.Contains(metainfo.Layout.Files, f => f.IsPadding);
        Assert.Equal(metainfo.Files.Where(f => !f.IsPadding).Sum(f => f.Length), metainfo.ContentLength);
        V1MetainfoTests.AssertEveryPieceVerifiesAndAFlippedByteFailsItsPiece(metainfo, _temp.Path);
    }

    [Fact]
    public void Single_file_v2_torrent_is_named_after_its_file_and_verifies()
    {
        var torrent = _temp.File("solo.torrent");
        var expected = TorrentTools.Libtorrent(_temp.File("solo"), "solo.iso", PieceLength, "v2", torrent);

        var metainfo = TorrentMetainfo.Parse(File.ReadAllBytes(torrent));

        Assert.Equal(expected.V2, Convert.ToHexStringLower(metainfo.InfoHashV2Full.Span));
        Assert.Equal("solo.iso", Assert.Single(metainfo.Files).Path);
        AssertSameFilesAsLibtorrent(expected, metainfo);
        V1MetainfoTests.AssertEveryPieceVerifiesAndAFlippedByteFailsItsPiece(metainfo, _temp.File("solo"));
    }

    [Fact]
    public void V2_info_dictionary_after_a_magnet_lacks_piece_layers_until_they_are_fetched()
    {
        var torrent = _temp.File("show.torrent");
        TorrentTools.Libtorrent(_temp.Path, "show", PieceLength, "v2", torrent);
        var parsed = TorrentMetainfo.Parse(File.ReadAllBytes(torrent));

        var fromMagnet = TorrentMetainfo.FromInfoDictionary(parsed.InfoBytes, parsed.WireHash);

        Assert.Equal(parsed.WireHash, fromMagnet.WireHash);
        Assert.False(fromMagnet.HasAllPieceLayers);

        // big.mkv's pieces need its layer; a one-piece file checks against its root alone.
        var big = fromMagnet.Files.Single(f => f.Path.EndsWith("big.mkv", StringComparison.Ordinal));
        var small = fromMagnet.Files.Single(f => f.Path.EndsWith("small.srt", StringComparison.Ordinal));
        var bigPiece = (int)(big.Offset / PieceLength);
        var smallPiece = (int)(small.Offset / PieceLength);
        Assert.False(fromMagnet.Verifier.Verify(bigPiece, PieceData.Read(fromMagnet.Layout, _temp.Path, bigPiece)));
        Assert.True(fromMagnet.Verifier.Verify(smallPiece, PieceData.Read(fromMagnet.Layout, _temp.Path, smallPiece)));
    }

    private static void AssertSameFilesAsLibtorrent(TorrentTools.LibtorrentResult expected, TorrentMetainfo metainfo)
    {
        var theirs = expected.Files.Where(f => !f.Pad).ToList();
        var ours = metainfo.Files.Where(f => !f.IsPadding).ToList();
        Assert.Equal(theirs.Select(f => (f.Path, f.Size)), ours.Select(f => (f.Path, f.Length)));
        Assert.Equal(
            theirs.Where(f => f.Size > 0).Select(f => f.Offset),
            ours.Where(f => f.Length > 0).Select(f => f.Offset));
    }

    // Storage may hand over just the file's bytes of a file's last piece instead of a whole piece with the gap.
    private void AssertEachFilesLastPieceVerifiesWithOnlyItsOwnBytes(TorrentMetainfo metainfo)
    {
        foreach (var file in metainfo.Files.Where(f => f.Length > 0))
        {
            var last = (int)((file.Offset + file.Length - 1) / metainfo.PieceLength);
            var own = (int)(file.Offset + file.Length - ((long)last * metainfo.PieceLength));
            var data = PieceData.Read(metainfo.Layout, _temp.Path, last);
            Assert.True(metainfo.Verifier.Verify(last, data.AsSpan(0, own)), file.Path);
        }
    }
}
