using HomeTelco.Torrent.Peers.Encryption;

namespace HomeTelco.IntegrationTests.Torrent.Peers;

/// <summary>
/// Our wire protocol against real clients seeding over loopback with no tracker: handshake, extended handshake,
/// have-all or bitfield, interest and unchoke, whole pieces checked by SHA-1, ut_metadata, and MSE with RC4 forced.
/// </summary>
public sealed class RealSeederTests : IDisposable
{
    private readonly TestTorrent _torrent = TestTorrent.Create();

    public static TheoryData<string> Clients => ["aria2c", "transmission"];

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task Seeder_ServesWholePieces_ThatMatchTheTorrentHashes(string client)
    {
        using var seeder = Start(client, "127.0.0.2", requireCrypto: false);
        await using var peer = await PeerTestClient.ConnectToSeedAsync(seeder, _torrent, EncryptionMode.Allow);
        Assert.False(peer.Connection.Encrypted);
        await peer.GetUnchokedAsync();

        // Piece 3 lies inside the big file, the one after it crosses into the small files, the last is short.
        var last = _torrent.Shape.PieceCount - 1;
        foreach (var piece in new[] { 3, 200_000 / _torrent.Shape.PieceLength, last })
        {
            var data = await peer.DownloadPieceAsync(piece, _torrent.Shape);
            Assert.True(_torrent.Verifier.Verify(piece, data), $"piece {piece} from {client} does not match its SHA-1");
        }

        Assert.Null(peer.Connection.CloseReason);
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task Seeder_GivesTheInfoDictionary_ByUtMetadata(string client)
    {
        using var seeder = Start(client, "127.0.0.3", requireCrypto: false);
        await using var peer = await PeerTestClient.ConnectToSeedAsync(seeder, _torrent, EncryptionMode.Allow);

        var metadata = await peer.DownloadMetadataAsync(_torrent.InfoHash);

        Assert.True(metadata.Length > 16 * 1024, "the test torrent should need several metadata pieces");
        Assert.Equal(_torrent.Info.Raw.ToArray(), metadata);
        Assert.Equal(metadata.Length, peer.Connection.RemoteExtensions!.MetadataSize);
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task SeederRequiringEncryption_AcceptsOurMseHandshake_AndServesAPiece(string client)
    {
        using var seeder = Start(client, "127.0.0.4", requireCrypto: true);
        await using var peer = await PeerTestClient.ConnectToSeedAsync(seeder, _torrent, EncryptionMode.Require);
        Assert.True(peer.Connection.Encrypted);
        await peer.GetUnchokedAsync();

        var data = await peer.DownloadPieceAsync(1, _torrent.Shape);

        Assert.True(_torrent.Verifier.Verify(1, data), $"piece 1 from {client} over RC4 does not match its SHA-1");

        // The same seeder, now known to be up and seeding, turns a plaintext handshake away.
        var plain = HomeTelco.Torrent.Peers.Connections.PeerConnectionOptions.Default with { Encryption = EncryptionMode.Allow, HandshakeTimeout = TimeSpan.FromSeconds(10) };
        var ours = new HomeTelco.Torrent.Peers.Wire.PeerHandshake(0, _torrent.InfoHash, HomeTelco.Torrent.Peers.Wire.PeerIdBytes.FromSpan(HomeTelco.Torrent.Peers.Wire.PeerId.Create()));
        await Assert.ThrowsAsync<HomeTelco.Torrent.Peers.Connections.PeerHandshakeException>(() =>
            HomeTelco.Torrent.Peers.Connections.PeerDialer.DialAsync(seeder.EndPoint, ours, plain, TimeProvider.System, CancellationToken.None));
    }

    public void Dispose() => _torrent.Dispose();

    private SeederProcess Start(string client, string address, bool requireCrypto) => client switch
    {
        "aria2c" => SeederProcess.Aria2(_torrent, address, requireCrypto),
        _ => SeederProcess.Transmission(_torrent, address, requireCrypto),
    };
}
