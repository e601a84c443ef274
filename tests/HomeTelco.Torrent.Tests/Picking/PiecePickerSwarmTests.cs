using HomeTelco.Torrent.Picking;
using Microsoft.Extensions.Time.Testing;
using static HomeTelco.Torrent.Tests.Picking.PickerFixture;

namespace HomeTelco.Torrent.Tests.Picking;

/// <summary>Drives a picker through a whole simulated download: partial peers, a silent peer, a bad piece, endgame.</summary>
public sealed class PiecePickerSwarmTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Download_WithASilentPeerAndABadPiece_Finishes(int seedValue)
    {
        const int Pieces = 100;
        var time = new FakeTimeProvider();
        var random = new Random(seedValue);
        var picker = Picker(Layout(Pieces, blocksPerPiece: 4), time, seedValue, new PickerOptions { RequestTimeout = TimeSpan.FromSeconds(5) });
        var seed = Peer(picker);
        var halves = new[] { Peer(picker, Enumerable.Range(0, Pieces / 2).ToArray()), Peer(picker, Enumerable.Range(Pieces / 2, Pieces / 2).ToArray()) };
        var silent = Peer(picker);
        var peers = new[] { seed, halves[0], halves[1], silent };
        foreach (var peer in peers)
        {
            peer.DownloadRate = 64 * 1024; // 4 requests in flight each: the download takes dozens of ticks
        }

        var received = new HashSet<BlockRequest>();
        var cancels = new List<PeerBlock>();
        var expired = new List<PeerBlock>();
        var failedOnce = false;
        var duplicatesOutsideEndgame = 0;
        var buffer = new BlockRequest[250];

        for (var tick = 0; tick < 5_000 && !picker.IsFinished; tick++)
        {
            foreach (var peer in peers)
            {
                picker.Pick(peer, buffer);
            }

            // Each answering peer sends what it was asked for (more than its queue depth per second), in random order.
            foreach (var peer in peers.Where(p => p != silent))
            {
                for (var n = 0; n < 20 && peer.Requests.Count > 0; n++)
                {
                    var block = peer.Requests[random.Next(peer.Requests.Count)];
                    var endgame = picker.IsEndgame;
                    var outcome = picker.BlockReceived(peer, block, cancels);
                    if (outcome == BlockOutcome.Duplicate && !endgame)
                    {
                        duplicatesOutsideEndgame++;
                    }

                    if (outcome == BlockOutcome.PieceComplete)
                    {
                        var bad = !failedOnce && block.Piece == 7;
                        failedOnce |= bad;
                        picker.PieceVerified(block.Piece, passed: !bad);
                    }

                    received.Add(block);
                }
            }

            // Cancels name peers that really had the block outstanding, and they no longer do.
            foreach (var cancel in cancels)
            {
                Assert.DoesNotContain(cancel.Block, cancel.Peer.Requests);
            }

            cancels.Clear();
            time.Advance(TimeSpan.FromSeconds(1));
            picker.ExpireRequests(expired);
        }

        Assert.True(picker.IsFinished);
        Assert.True(picker.Have.IsComplete);
        Assert.True(failedOnce);
        Assert.Equal(0, duplicatesOutsideEndgame);
        Assert.Contains(expired, e => e.Peer == silent);
        Assert.DoesNotContain(expired, e => e.Peer != silent);
        Assert.All(peers.Where(p => p != silent), p => Assert.Empty(p.Requests));
    }
}
