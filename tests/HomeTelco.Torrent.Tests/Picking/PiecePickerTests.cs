using HomeTelco.Torrent.Picking;
using HomeTelco.Torrent.Pieces;
using HomeTelco.Torrent.Storage;
using Microsoft.Extensions.Time.Testing;
using static HomeTelco.Torrent.Tests.Picking.PickerFixture;

namespace HomeTelco.Torrent.Tests.Picking;

public sealed class PiecePickerTests
{
    [Fact]
    public void Pick_AfterFirstPieces_TakesTheRarestPiece()
    {
        // We hold 4..7, so the random-first phase is over; piece 2 is held by one peer, the others by three.
        var picker = Picker(Layout(8), null, 1, null, 4, 5, 6, 7);
        var seed = Peer(picker);
        Peer(picker, 0, 1, 3);
        Peer(picker, 0, 1, 3);

        var picked = Pick(picker, seed, 1);

        Assert.Equal(2, Assert.Single(picked).Piece);
    }

    [Fact]
    public void Pick_RarestTie_ChoosesAmongTheRarestOnlyAndVariesWithTheSeed()
    {
        var chosen = new HashSet<int>();
        for (var seedValue = 0; seedValue < 40; seedValue++)
        {
            var picker = Picker(Layout(12), null, seedValue, null, 8, 9, 10, 11);
            var seed = Peer(picker);
            // Pieces 1, 4 and 6 have one holder; every other missing piece two.
            Peer(picker, 0, 2, 3, 5, 7);

            chosen.Add(Assert.Single(Pick(picker, seed, 1)).Piece);
        }

        Assert.Equal([1, 4, 6], chosen.Order());
    }

    [Fact]
    public void Pick_WithFewerThanFourPieces_PicksAtRandomNotRarestFirst()
    {
        var chosen = new HashSet<int>();
        for (var seedValue = 0; seedValue < 40; seedValue++)
        {
            var picker = Picker(Layout(8), null, seedValue);
            var seed = Peer(picker);
            Peer(picker, 0, 1, 2, 3, 4, 5, 6);

            chosen.Add(Assert.Single(Pick(picker, seed, 1)).Piece);
        }

        // Rarest first would always say 7.
        Assert.True(chosen.Count > 3, $"only {string.Join(',', chosen)} picked");
    }

    [Fact]
    public void Pick_RandomPhase_PrefersASuggestedPiece()
    {
        var picker = Picker(Layout(8));
        var seed = Peer(picker);
        picker.PeerSuggested(seed, 5);

        Assert.Equal(5, Assert.Single(Pick(picker, seed, 1)).Piece);
    }

    [Fact]
    public void Pick_StartedPiece_IsFinishedBeforeARarerOne()
    {
        var picker = Picker(Layout(8, blocksPerPiece: 4), null, 1, null, 4, 5, 6, 7);
        var a = Peer(picker);
        var first = Assert.Single(Pick(picker, a, 1));
        var b = Peer(picker, AllPieces(8).Where(p => p != first.Piece).ToArray());
        picker.PeerHave(b, first.Piece);
        Peer(picker, AllPieces(8).Where(p => p != first.Piece).ToArray());

        b.DownloadRate = 10 * 1024 * 1024;

        // first.Piece now has the most holders, yet its open blocks come first.
        var next = Pick(picker, b, 3);

        Assert.All(next, r => Assert.Equal(first.Piece, r.Piece));
        Assert.Equal([Block, 2 * Block, 3 * Block], next.Select(r => r.Offset));
    }

    [Fact]
    public void Pick_Sequential_RequestsPiecesInOrder()
    {
        var picker = Picker(Layout(10, blocksPerPiece: 2));
        picker.Sequential = true;
        var seed = Peer(picker);
        seed.DownloadRate = 10 * 1024 * 1024;

        var picked = Pick(picker, seed, 20);

        Assert.Equal(Enumerable.Range(0, 10).SelectMany(p => new[] { p, p }), picked.Select(r => r.Piece));
        Assert.Equal(Enumerable.Range(0, 10).SelectMany(_ => new[] { 0, Block }), picked.Select(r => r.Offset));
    }

    [Fact]
    public void Pick_SequentialAfterSeek_StartsAtTheTargetAndWrapsRound()
    {
        var picker = Picker(Layout(10), null, 1, new PickerOptions { ReadAheadPieces = 2 });
        picker.Sequential = true;
        picker.SetStreamingPosition((6L * Block) + 100);
        var seed = Peer(picker);
        seed.DownloadRate = 10 * 1024 * 1024;

        var picked = Pick(picker, seed, 10);

        Assert.Equal([6, 7, 8, 9, 0, 1, 2, 3, 4, 5], picked.Select(r => r.Piece));
    }

    [Fact]
    public void Pick_StreamingWindowInRarestMode_ComesBeforeRarerPieces()
    {
        var picker = Picker(Layout(12), null, 1, new PickerOptions { ReadAheadPieces = 3 }, 0, 1, 2, 3);
        picker.SetStreamingPosition(8L * Block);
        var seed = Peer(picker);
        Peer(picker, 8, 9, 10, 11);
        seed.DownloadRate = 10 * 1024 * 1024;

        var picked = Pick(picker, seed, 4);

        Assert.Equal([8, 9, 10], picked[..3].Select(r => r.Piece));
        Assert.InRange(picked[3].Piece, 4, 7);
    }

    [Fact]
    public void Pick_SkippedFile_IsNeverRequestedButASharedPieceIs()
    {
        // Two files of 2.5 pieces each: piece 2 holds the end of a.bin and the start of b.bin.
        var layout = new TorrentLayout(Block, [
            new TorrentFileSpan("a.bin", (5 * Block) / 2, 0),
            new TorrentFileSpan("b.bin", (5 * Block) / 2, (5 * Block) / 2),
        ]);
        var picker = Picker(layout);
        picker.SetFilePriority(0, FilePriority.Skip);
        var seed = Peer(picker);
        seed.DownloadRate = 10 * 1024 * 1024;

        var picked = Pick(picker, seed);

        Assert.Equal([2, 3, 4], picked.Select(r => r.Piece).Order());
        Assert.Equal(FilePriority.Skip, picker.PiecePriority(0));
        Assert.Equal(FilePriority.Normal, picker.PiecePriority(2));
    }

    [Fact]
    public void Pick_HighPriorityFile_ComesBeforeRarerNormalPieces()
    {
        var layout = new TorrentLayout(Block, [
            new TorrentFileSpan("a.bin", 4 * Block, 0),
            new TorrentFileSpan("b.bin", 4 * Block, 4 * Block),
        ]);
        var picker = Picker(layout, null, 1, null, 0, 4);
        picker.SetFilePriority(1, FilePriority.High);
        var seed = Peer(picker);
        Peer(picker, 5, 6, 7);
        seed.DownloadRate = 10 * 1024 * 1024;

        // 1..3 are rarer than 5..7, but 5..7 are high priority; we hold 2 pieces so this is still the random phase.
        var picked = Pick(picker, seed, 3);

        Assert.Equal([5, 6, 7], picked.Select(r => r.Piece).Order());
    }

    [Fact]
    public void Pick_PaddingOnlyPiece_IsNotWanted()
    {
        var layout = new TorrentLayout(Block, [
            new TorrentFileSpan("a.bin", Block, 0),
            new TorrentFileSpan(".pad/16384", Block, Block, IsPadding: true),
            new TorrentFileSpan("b.bin", Block, 2 * Block),
        ]);
        var picker = Picker(layout);

        Assert.Equal(FilePriority.Skip, picker.PiecePriority(1));
        Assert.Equal([0, 2], Pick(picker, Peer(picker)).Select(r => r.Piece).Order());
    }

    [Fact]
    public void Pick_WhileChoked_OnlyAllowedFastPieces()
    {
        var picker = Picker(Layout(8));
        var peer = picker.AddPeer();
        picker.PeerHaveAll(peer);

        Assert.Empty(Pick(picker, peer));

        picker.PeerAllowedFast(peer, 3);
        picker.PeerAllowedFast(peer, 99);
        Assert.Equal(3, Assert.Single(Pick(picker, peer)).Piece);
    }

    [Fact]
    public void PeerChoked_WithoutFastExtension_ReleasesItsRequests()
    {
        var picker = Picker(Layout(1, blocksPerPiece: 2));
        var a = Peer(picker);
        Assert.Equal(2, Pick(picker, a).Length);

        picker.PeerChoked(a, fastExtension: false);
        var b = Peer(picker);

        Assert.Empty(a.Requests);
        Assert.Equal(2, Pick(picker, b).Length);
    }

    [Fact]
    public void PeerChoked_WithFastExtension_KeepsRequestsUntilRejected()
    {
        var picker = Picker(Layout(1, blocksPerPiece: 2));
        var a = Peer(picker);
        var asked = Pick(picker, a);
        picker.PeerChoked(a, fastExtension: true);
        var b = Peer(picker);

        picker.RequestRejected(a, asked[1]);

        Assert.Equal([asked[0]], a.Requests);
        Assert.Contains(asked[1], Pick(picker, b));
    }

    [Fact]
    public void Endgame_DuplicatesRequestsAndCancelsTheSlowerCopy()
    {
        var picker = Picker(Layout(1, blocksPerPiece: 2));
        var a = Peer(picker);
        var b = Peer(picker);
        var asked = Pick(picker, a);
        Assert.Equal(2, asked.Length);
        Assert.True(picker.IsEndgame);

        var duplicates = Pick(picker, b);
        Assert.Equal(asked, duplicates);
        Assert.Empty(Pick(picker, Peer(picker))); // at most two peers per block

        var cancels = new List<PeerBlock>();
        Assert.Equal(BlockOutcome.Accepted, picker.BlockReceived(b, asked[0], cancels));
        Assert.Equal([new PeerBlock(a, asked[0])], cancels);
        Assert.Equal([asked[1]], a.Requests);

        cancels.Clear();
        Assert.Equal(BlockOutcome.PieceComplete, picker.BlockReceived(a, asked[1], cancels));
        Assert.Equal([new PeerBlock(b, asked[1])], cancels);
        Assert.Empty(b.Requests);
        Assert.Equal(BlockOutcome.Duplicate, picker.BlockReceived(b, asked[1], cancels));
    }

    [Fact]
    public void Endgame_NotWhileAnyBlockIsOpen()
    {
        var picker = Picker(Layout(2, blocksPerPiece: 2));
        var a = Peer(picker);
        Assert.Equal(2, Pick(picker, a, 2).Length);

        Assert.False(picker.IsEndgame);
    }

    [Fact]
    public void ExpireRequests_AfterTheTimeout_ReopensBlocksForAnotherPeer()
    {
        var time = new FakeTimeProvider();
        var picker = Picker(Layout(1, blocksPerPiece: 2), time, 1, new PickerOptions { RequestTimeout = TimeSpan.FromSeconds(20) });
        var slow = Peer(picker);
        var asked = Pick(picker, slow);
        var expired = new List<PeerBlock>();

        time.Advance(TimeSpan.FromSeconds(19));
        picker.ExpireRequests(expired);
        Assert.Empty(expired);

        time.Advance(TimeSpan.FromSeconds(1));
        picker.ExpireRequests(expired);

        Assert.Equal(asked.Select(b => new PeerBlock(slow, b)).ToHashSet(), expired.ToHashSet());
        Assert.Empty(slow.Requests);
        Assert.Empty(Pick(picker, slow)); // not asked again of the peer that let it time out
        var fast = Peer(picker);
        Assert.Equal(asked, Pick(picker, fast));
    }

    [Fact]
    public void ExpireRequests_LateBlockFromTheSlowPeer_IsStillAccepted()
    {
        var time = new FakeTimeProvider();
        var picker = Picker(Layout(1), time);
        var slow = Peer(picker);
        var asked = Assert.Single(Pick(picker, slow));
        time.Advance(TimeSpan.FromMinutes(1));
        picker.ExpireRequests([]);

        Assert.Equal(BlockOutcome.PieceComplete, picker.BlockReceived(slow, asked, []));
    }

    [Fact]
    public void Pick_FollowsThePipelineDepthFromThePeersRate()
    {
        var picker = Picker(Layout(100, blocksPerPiece: 4));
        var peer = Peer(picker);

        Assert.Equal(RequestPipeline.MinDepth, Pick(picker, peer).Length);

        peer.DownloadRate = 1024 * 1024; // 1 MiB/s × 1 s = 64 blocks
        Assert.Equal(64, picker.RequestDepth(peer));
        Assert.Equal(64 - 2, Pick(picker, peer).Length);
        Assert.Empty(Pick(picker, peer));

        peer.MaxRequests = 10;
        Assert.Equal(10, picker.RequestDepth(peer));
    }

    [Theory]
    [InlineData(0, 250, 2)]
    [InlineData(16 * 1024, 250, 2)]
    [InlineData(100 * 1024, 250, 7)]
    [InlineData(1024 * 1024, 250, 64)]
    [InlineData(1024 * 1024, 30, 30)]
    [InlineData(100L * 1024 * 1024, 250, 250)]
    [InlineData(100L * 1024 * 1024, 1000, 250)]
    [InlineData(100 * 1024, 0, 1)]
    public void Depth_IsRateTimesLatencyOverBlockSize_Clamped(long rate, int reqq, int expected)
    {
        Assert.Equal(expected, RequestPipeline.Depth(rate, TimeSpan.FromSeconds(1), reqq));
    }

    [Fact]
    public void RemovePeer_ForgetsItsPiecesAndReleasesItsRequests()
    {
        var picker = Picker(Layout(4));
        var a = Peer(picker, 0, 1);
        var b = Peer(picker, 1, 2);
        Assert.Equal(2, picker.Availability(1));
        var asked = Pick(picker, a);

        picker.RemovePeer(a);

        Assert.Equal(0, picker.Availability(0));
        Assert.Equal(1, picker.Availability(1));
        Assert.Contains(asked.Single(r => r.Piece == 1), Pick(picker, b));
        Assert.False(picker.PeerHave(a, 9));
        Assert.True(picker.PeerHave(a, 3));
        Assert.Equal(0, picker.Availability(3)); // a late have from a gone peer counts for nothing
    }

    [Fact]
    public void PeerBitfield_ReplacesWhatThePeerHad()
    {
        var picker = Picker(Layout(10));
        var peer = Peer(picker, 0, 1);
        Assert.True(Bitfield.TryRead([0b0011_0000, 0b0100_0000], 10, out var bits));

        Assert.True(picker.PeerBitfield(peer, bits!));
        Assert.False(picker.PeerBitfield(peer, new Bitfield(11)));

        Assert.Equal([0, 0, 1, 1, 0, 0, 0, 0, 0, 1], Enumerable.Range(0, 10).Select(picker.Availability));
        picker.PeerHaveNone(peer);
        Assert.All(Enumerable.Range(0, 10), p => Assert.Equal(0, picker.Availability(p)));
    }

    [Fact]
    public void PieceVerified_Failed_ReopensTheBlocksAndNamesTheSenders()
    {
        var picker = Picker(Layout(1, blocksPerPiece: 2));
        var a = Peer(picker);
        var b = Peer(picker);
        var asked = Pick(picker, a, 1);
        var other = Pick(picker, b, 1);
        picker.BlockReceived(a, asked[0], []);
        Assert.Equal(BlockOutcome.PieceComplete, picker.BlockReceived(b, other[0], []));

        var blamed = new List<PickerPeer>();
        picker.PieceVerified(0, passed: false, blamed);

        Assert.Equal(2, blamed.Count);
        Assert.Equal(2, Pick(picker, a).Length);
        Assert.False(picker.Have[0]);
    }

    [Fact]
    public void PieceVerified_Passed_FinishesTheTorrent()
    {
        var picker = Picker(Layout(2), null, 1, null, 1);
        var a = Peer(picker);
        var block = Assert.Single(Pick(picker, a));
        Assert.Equal(BlockOutcome.PieceComplete, picker.BlockReceived(a, block, []));
        Assert.False(picker.IsFinished);

        picker.PieceVerified(0, passed: true);

        Assert.True(picker.IsFinished);
        Assert.False(picker.IsInteresting(a));
        Assert.Empty(Pick(picker, a));
        Assert.Equal(BlockOutcome.Duplicate, picker.BlockReceived(a, block, []));
    }

    [Theory]
    [InlineData(5, 0, Block)]
    [InlineData(0, 100, Block)]
    [InlineData(0, 0, 100)]
    [InlineData(0, 2 * Block, Block)]
    [InlineData(-1, 0, Block)]
    public void BlockReceived_BadBlock_IsUnwanted(int piece, int offset, int length)
    {
        var picker = Picker(Layout(2, blocksPerPiece: 2));
        var a = Peer(picker);

        Assert.Equal(BlockOutcome.Unwanted, picker.BlockReceived(a, new BlockRequest(piece, offset, length), []));
    }

    [Fact]
    public void BlockReceived_ShortLastBlock_HasItsRealLength()
    {
        var layout = new TorrentLayout(2 * Block, [new TorrentFileSpan("a.bin", (3 * Block) + 10, 0)]);
        var picker = Picker(layout, null, 1, null, 0);
        var a = Peer(picker);
        a.DownloadRate = 10 * 1024 * 1024;

        var asked = Pick(picker, a);

        Assert.Equal([new BlockRequest(1, 0, Block), new BlockRequest(1, Block, 10)], asked);
        Assert.Equal(BlockOutcome.Unwanted, picker.BlockReceived(a, new BlockRequest(1, Block, Block), []));
    }

    [Fact]
    public void IsInteresting_OnlyForWantedPiecesWeLack()
    {
        var picker = Picker(Layout(4), null, 1, null, 0);
        var peer = Peer(picker, 0);
        Assert.False(picker.IsInteresting(peer));

        picker.PeerHave(peer, 2);
        Assert.True(picker.IsInteresting(peer));
    }
}
