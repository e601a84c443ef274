using HomeTelco.Torrent;
using HomeTelco.Torrent.Peers.Connections;
using HomeTelco.Torrent.Peers.Encryption;
using HomeTelco.Torrent.Peers.Extensions;
using HomeTelco.Torrent.Peers.Wire;
using Microsoft.Extensions.Logging.Abstractions;

namespace HomeTelco.IntegrationTests.Torrent.Peers;

/// <summary>Our side of a test: dials a seeder, starts a <see cref="PeerConnection"/>, and fetches pieces and metadata from it.</summary>
internal sealed class PeerTestClient : IAsyncDisposable
{
    private PeerTestClient(PeerConnection connection, RecordingPeer events)
    {
        Connection = connection;
        Events = events;
    }

    public PeerConnection Connection { get; }

    public RecordingPeer Events { get; }

    /// <summary>
    /// Connects and sends our extended handshake and (empty) pieces. A seeder may still be checking its files
    /// when the first attempt arrives and then has nothing; the dial is repeated until it reports all pieces.
    /// </summary>
    public static async Task<PeerTestClient> ConnectToSeedAsync(SeederProcess seeder, TestTorrent torrent, EncryptionMode encryption)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        var options = PeerConnectionOptions.Default with { Encryption = encryption, ConnectTimeout = TimeSpan.FromSeconds(5) };
        var ours = new PeerHandshake(PeerHandshake.ExtensionProtocolBit | PeerHandshake.FastExtensionBit, torrent.InfoHash, PeerIdBytes.FromSpan(PeerId.Create()));
        string last = "no attempt";
        for (var attempt = 0; attempt < 120 && DateTime.UtcNow < deadline; attempt++)
        {
            PeerLink link;
            try
            {
                link = await PeerDialer.DialAsync(seeder.EndPoint, ours, options, TimeProvider.System, CancellationToken.None);
            }
            catch (PeerHandshakeException ex)
            {
                last = ex.Message;
                if (seeder.RestartIfExited())
                {
                    last += "; the seeder had exited and was started again";
                }

                await Task.Delay(250);
                continue;
            }

            var events = new RecordingPeer();
            var connection = new PeerConnection(link, torrent.Shape, events, options, new PeerViolationGate(TimeProvider.System, TimeSpan.FromMinutes(1)), TimeProvider.System, NullLogger.Instance);
            connection.Start();
            connection.SendExtendedHandshake(new ExtendedHandshake
            {
                Extensions = new Dictionary<string, byte>
                {
                    [PeerExtensionNames.UtMetadata] = PeerExtensionNames.UtMetadataId,
                    [PeerExtensionNames.UtPex] = PeerExtensionNames.UtPexId,
                },
                Client = PeerExtensionNames.Client,
                RequestQueue = 250,
            });
            connection.SendBitfield(new HomeTelco.Torrent.Pieces.Bitfield(torrent.Shape.PieceCount));
            var client = new PeerTestClient(connection, events);
            try
            {
                await events.WaitForAsync(e => e.Id is PeerMessageId.Bitfield or PeerMessageId.HaveAll or PeerMessageId.Have, TimeSpan.FromSeconds(10), "the seeder's pieces");
                if (connection.PeerIsSeed)
                {
                    return client;
                }

                last = $"the peer has {connection.PeerBitfield?.Count} of {torrent.Shape.PieceCount} pieces";
            }
            catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
            {
                last = ex.Message;
            }

            await client.DisposeAsync();
            await Task.Delay(250);
        }

        throw new TimeoutException($"{seeder.EndPoint} never served the torrent as a seed: {last}; the seeder is {seeder.State}\n{seeder.Output.Text}");
    }

    /// <summary>Interested, wait for unchoke (unless already unchoked).</summary>
    public async Task GetUnchokedAsync()
    {
        Connection.SendInterested();
        if (Connection.PeerChoking)
        {
            await Events.WaitForAsync(e => e.Id == PeerMessageId.Unchoke, TimeSpan.FromSeconds(30), "unchoke");
        }
    }

    /// <summary>Requests every 16 KiB block of <paramref name="piece"/> and assembles the answers.</summary>
    public async Task<byte[]> DownloadPieceAsync(int piece, PeerTorrentShape shape)
    {
        var size = shape.PieceSize(piece);
        var data = new byte[size];
        var blocks = 0;
        for (var begin = 0; begin < size; begin += PeerWireLimits.BlockLength)
        {
            Assert.True(Connection.SendRequest(piece, begin, Math.Min(PeerWireLimits.BlockLength, size - begin)));
            blocks++;
        }

        for (var received = 0; received < blocks; received++)
        {
            var block = await Events.WaitForAsync(e => e.Id == PeerMessageId.Piece && e.Index == piece, TimeSpan.FromSeconds(30), $"a block of piece {piece}");
            block.Payload.CopyTo(data.AsSpan(block.Begin));
        }

        return data;
    }

    /// <summary>Fetches the info dictionary by ut_metadata (BEP 9), checked against the info-hash.</summary>
    public async Task<byte[]> DownloadMetadataAsync(InfoHash infoHash)
    {
        if (Connection.RemoteExtensions is null)
        {
            await Events.WaitForAsync(e => e.Id == PeerMessageId.Extended && e.ExtendedId == 0, TimeSpan.FromSeconds(10), "the extended handshake");
        }

        var remote = Connection.RemoteExtensions!;
        Assert.NotEqual(0, remote.IdOf(PeerExtensionNames.UtMetadata));
        var download = new MetadataDownload(infoHash, remote.MetadataSize ?? throw new InvalidOperationException("no metadata_size"));
        for (var piece = 0; piece < download.PieceCount; piece++)
        {
            Assert.True(Connection.SendExtended(PeerExtensionNames.UtMetadata, new UtMetadataMessage(UtMetadataType.Request, piece, 0, default).Encode()));
        }

        for (var answers = 0; answers < download.PieceCount; answers++)
        {
            var e = await Events.WaitForAsync(e => e.Id == PeerMessageId.Extended && e.ExtendedId == PeerExtensionNames.UtMetadataId, TimeSpan.FromSeconds(30), "ut_metadata data");
            Assert.True(UtMetadataMessage.TryParse(e.Payload, out var message, out var error), error);
            Assert.Equal(UtMetadataType.Data, message.Type);
            Assert.True(download.TryAdd(message, out error), error);
        }

        return download.TryFinish() ?? throw new InvalidOperationException("the metadata does not hash to the info-hash");
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
