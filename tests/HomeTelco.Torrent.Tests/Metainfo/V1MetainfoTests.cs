using HomeTelco.Torrent.Metainfo;

namespace HomeTelco.Torrent.Tests.Metainfo;

public sealed class V1MetainfoTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Mktorrent_single_file_matches_transmission_and_aria2_and_every_piece_verifies()
    {
        ExternalTool.WriteFile(_temp.File("song.ogg"), 200_000, 11);
        var torrent = _temp.File("single.torrent");
        TorrentTools.Mktorrent(_temp.File("song.ogg"), torrent, 15, "-a", "http://127.0.0.1:6969/announce", "-w", "http://127.0.0.1:8080/song.ogg", "-c", "a comment");

        var metainfo = TorrentMetainfo.Parse(File.ReadAllBytes(torrent));

        Assert.Equal(TorrentVersion.V1, metainfo.Version);
        Assert.Equal(TorrentTools.TransmissionShowHash(torrent), metainfo.InfoHashV1!.Value.ToHex());
        Assert.Equal(TorrentTools.Aria2InfoHash(torrent), metainfo.WireHash.ToHex());
        Assert.Null(metainfo.InfoHashV2);
        Assert.Equal("song.ogg", metainfo.Name);
        Assert.Equal(32 * 1024, metainfo.PieceLength);
        Assert.Equal(7, metainfo.PieceCount);
        var file = Assert.Single(metainfo.Files);
        Assert.Equal(("song.ogg", 200_000L, 0L), (file.Path, file.Length, file.Offset));
        Assert.Equal(200_000, metainfo.ContentLength);
        Assert.Equal([["http://127.0.0.1:6969/announce"]], metainfo.AnnounceTiers);
        Assert.Equal(["http://127.0.0.1:8080/song.ogg"], metainfo.WebSeeds);
        Assert.Equal("a comment", metainfo.Comment);
        Assert.StartsWith("mktorrent", metainfo.CreatedBy, StringComparison.Ordinal);
        Assert.False(metainfo.IsPrivate);
        AssertEveryPieceVerifiesAndAFlippedByteFailsItsPiece(metainfo, _temp.Path);
    }

    [Fact]
    public void Transmission_multi_file_private_torrent_keeps_folders_order_and_offsets()
    {
        ExternalTool.WriteFile(_temp.File("album/01 intro.flac"), 50_000, 1);
        ExternalTool.WriteFile(_temp.File("album/cd2/02.flac"), 70_000, 2);
        ExternalTool.WriteFile(_temp.File("album/cover.jpg"), 16_384, 3);
        var torrent = _temp.File("album.torrent");
        TorrentTools.TransmissionCreate(_temp.File("album"), torrent, 16, "-p", "-t", "http://127.0.0.1:6969/announce", "-t", "udp://127.0.0.1:6969", "-c", "mix");

        var metainfo = TorrentMetainfo.Parse(File.ReadAllBytes(torrent));

        Assert.Equal(TorrentTools.TransmissionShowHash(torrent), metainfo.WireHash.ToHex());
        Assert.Equal(TorrentTools.Aria2InfoHash(torrent), metainfo.WireHash.ToHex());
        Assert.True(metainfo.IsPrivate);
        Assert.Equal("album", metainfo.Name);
        Assert.Equal(136_384, metainfo.Layout.TotalLength);
        Assert.Equal(9, metainfo.PieceCount);
        Assert.NotNull(metainfo.CreationDate);
        Assert.Equal(2, metainfo.AnnounceTiers.SelectMany(t => t).Count());

        // Whatever order transmission wrote, offsets follow it without gaps and every path is under the name.
        long offset = 0;
        foreach (var file in metainfo.Files)
        {
            Assert.Equal(offset, file.Offset);
            Assert.StartsWith("album/", file.Path, StringComparison.Ordinal);
            Assert.Equal(new FileInfo(_temp.File(file.Path)).Length, file.Length);
            offset += file.Length;
        }

        Assert.Equal(
            ["album/01 intro.flac", "album/cd2/02.flac", "album/cover.jpg"],
            metainfo.Files.Select(f => f.Path).Order(StringComparer.Ordinal));
        AssertEveryPieceVerifiesAndAFlippedByteFailsItsPiece(metainfo, _temp.Path);
    }

    [Fact]
    public void Mktorrent_multi_file_round_trips_through_its_info_dictionary_as_after_a_magnet()
    {
        ExternalTool.WriteFile(_temp.File("docs/a.pdf"), 30_000, 4);
        ExternalTool.WriteFile(_temp.File("docs/b/c.txt"), 1_000, 5);
        var torrent = _temp.File("docs.torrent");
        TorrentTools.Mktorrent(_temp.File("docs"), torrent, 15, "-p", "-a", "http://127.0.0.1:6969/announce");
        var parsed = TorrentMetainfo.Parse(File.ReadAllBytes(torrent));

        var fromMagnet = TorrentMetainfo.FromInfoDictionary(parsed.InfoBytes, parsed.WireHash);

        Assert.Equal(parsed.WireHash, fromMagnet.WireHash);
        Assert.True(fromMagnet.IsPrivate);
        Assert.Equal(parsed.Files, fromMagnet.Files);
        Assert.Empty(fromMagnet.AnnounceTiers);
        Assert.True(fromMagnet.Verifier.Verify(0, PieceData.Read(fromMagnet.Layout, _temp.Path, 0)));

        var wrong = InfoHash.FromBytes(new byte[20]);
        var error = Assert.Throws<MetainfoException>(() => TorrentMetainfo.FromInfoDictionary(parsed.InfoBytes, wrong));
        Assert.Contains("does not hash to", error.Message, StringComparison.Ordinal);
    }

    internal static void AssertEveryPieceVerifiesAndAFlippedByteFailsItsPiece(TorrentMetainfo metainfo, string folder)
    {
        for (var piece = 0; piece < metainfo.PieceCount; piece++)
        {
            Assert.True(metainfo.Verifier.Verify(piece, PieceData.Read(metainfo.Layout, folder, piece)), $"piece {piece}");
        }

        // Flip one byte at the start (always file data) or in the middle (file data, padding or a v2 alignment
        // gap) of the middle piece: that piece fails, its neighbours still pass.
        var target = metainfo.PieceCount / 2;
        var data = PieceData.Read(metainfo.Layout, folder, target);
        data[0] ^= 0x01;
        Assert.False(metainfo.Verifier.Verify(target, data));
        data[0] ^= 0x01;
        Assert.True(metainfo.Verifier.Verify(target, data));
        data[data.Length / 2] ^= 0x01;
        Assert.False(metainfo.Verifier.Verify(target, data));
        Assert.False(metainfo.Verifier.Verify(target, data.AsSpan(0, data.Length - 1)));
        Assert.False(metainfo.Verifier.Verify(metainfo.PieceCount, data));
        Assert.False(metainfo.Verifier.Verify(-1, data));
        if (target > 0)
        {
            Assert.False(metainfo.Verifier.Verify(target - 1, PieceData.Read(metainfo.Layout, folder, target)));
        }
    }
}
