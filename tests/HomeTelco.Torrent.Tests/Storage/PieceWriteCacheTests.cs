using System.Collections.Concurrent;
using HomeTelco.Torrent.Pieces;
using HomeTelco.Torrent.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace HomeTelco.Torrent.Tests.Storage;

public sealed class PieceWriteCacheTests : IAsyncDisposable
{
    private const int PieceLength = 128 * 1024; // 8 blocks
    private readonly TempFolder _folder = new();
    private readonly HashingQueue _hashing = new(workers: 2, capacity: 4, NullLogger.Instance);
    private readonly BlockingCollection<PieceHashResult<string>> _results = [];

    public PieceWriteCacheTests() => _hashing.Start();

    public async ValueTask DisposeAsync()
    {
        await _hashing.DisposeAsync();
        _results.Dispose();
        _folder.Dispose();
    }

    private sealed record Rig(SyntheticTorrent Torrent, TorrentStorage Storage, VerifiedPieces Verified, BlockBufferPool Buffers, CountingArrayPool Pool, PieceWriteCache<string> Cache);

    private Rig Make(int budgetBlocks, IPieceVerifier? verifier = null, params (string, long)[] files)
    {
        var torrent = SyntheticTorrent.Make(PieceLength, 42, files.Length == 0 ? [("a.bin", (3L * PieceLength) + 20_000)] : files);
        var storage = new TorrentStorage(torrent.Layout, _folder.Path);
        var verified = new VerifiedPieces(torrent.Layout.PieceCount);
        var pool = new CountingArrayPool();
        var buffers = new BlockBufferPool(budgetBlocks * (long)TorrentLayout.BlockSize, pool);
        var cache = new PieceWriteCache<string>(storage, verifier ?? torrent.Verifier, verified, buffers, _hashing, _results.Add, NullLogger.Instance);
        return new Rig(torrent, storage, verified, buffers, pool, cache);
    }

    private PieceHashResult<string> NextResult()
    {
        Assert.True(_results.TryTake(out var result, TimeSpan.FromSeconds(30)), "no hashing result within 30 s");
        return result!;
    }

    private static async Task SendPiece(Rig rig, int piece, Func<int, string> peerOfBlock, Func<int, ReadOnlyMemory<byte>>? blockData = null)
    {
        var blocks = rig.Torrent.Layout.BlockCount(piece);
        for (var block = 0; block < blocks; block++)
        {
            var data = blockData?.Invoke(block) ?? rig.Torrent.Block(piece, block);
            var result = await rig.Cache.AddBlockAsync(piece, block * TorrentLayout.BlockSize, data, peerOfBlock(block), CancellationToken.None);
            Assert.Equal(block == blocks - 1 ? BlockAddResult.PieceComplete : BlockAddResult.Accepted, result);
        }
    }

    [Fact]
    public async Task AddBlock_EveryBlockOfEveryPiece_PiecesVerifyLandOnDiskAndEveryBufferComesBack()
    {
        var rig = Make(budgetBlocks: 64);
        for (var piece = 0; piece < rig.Torrent.Layout.PieceCount; piece++)
        {
            await SendPiece(rig, piece, b => b % 2 == 0 ? "alice" : "bob");
        }

        var results = Enumerable.Range(0, rig.Torrent.Layout.PieceCount).Select(_ => NextResult()).OrderBy(r => r.Piece).ToList();
        Assert.All(results, r => Assert.Equal(PieceOutcome.Verified, r.Outcome));
        Assert.Equal(["alice", "bob"], results[0].Contributors.Order());
        Assert.Equal(["alice", "bob"], results[3].Contributors.Order()); // last piece: 2 blocks (16384 + 3616)
        Assert.True(rig.Verified.IsComplete);
        Assert.Equal(rig.Torrent.FileBytes(0), await File.ReadAllBytesAsync(_folder.File("a.bin")));
        Assert.Equal(0, rig.Buffers.Rented);
        Assert.Equal(0, rig.Pool.Out);
        Assert.Equal(0, rig.Cache.PendingPieces);
    }

    [Fact]
    public async Task AddBlock_OneBadBlock_PieceFailsWithEveryContributorAndNothingIsWritten()
    {
        var rig = Make(budgetBlocks: 64);
        var liar = rig.Torrent.Block(1, 5).ToArray();
        liar[100] ^= 0xFF;

        await SendPiece(rig, 1, b => b == 5 ? "mallory" : (b < 3 ? "alice" : "bob"), b => b == 5 ? liar : rig.Torrent.Block(1, b));

        var result = NextResult();
        Assert.Equal(1, result.Piece);
        Assert.Equal(PieceOutcome.HashFailed, result.Outcome);
        Assert.False(result.Passed);
        Assert.Equal(["alice", "bob", "mallory"], result.Contributors.Order());
        Assert.False(rig.Verified.Has(1));
        Assert.False(File.Exists(_folder.File("a.bin")));
        Assert.Equal(0, rig.Pool.Out);

        // The piece can be fetched again from honest peers.
        await SendPiece(rig, 1, _ => "carol");
        Assert.Equal(PieceOutcome.Verified, NextResult().Outcome);
        Assert.True(rig.Verified.Has(1));
    }

    [Fact]
    public async Task AddBlock_BudgetSmallerThanAPiece_NeverHoldsMoreThanTheBudgetAndStillVerifies()
    {
        var rig = Make(budgetBlocks: 3);
        await SendPiece(rig, 0, _ => "alice");
        await SendPiece(rig, 2, _ => "bob");

        var results = new[] { NextResult(), NextResult() };
        Assert.All(results, r => Assert.Equal(PieceOutcome.Verified, r.Outcome));
        Assert.True(rig.Pool.MostOut <= 3, $"{rig.Pool.MostOut} buffers out at once with a budget of 3");
        Assert.True(rig.Buffers.Refused > 0, "the budget was never reached, so spilling was not tested");
        Assert.Equal(0, rig.Pool.Out);
        Assert.Equal(rig.Pool.Rents, rig.Buffers.RentedTotal);
        var file = await File.ReadAllBytesAsync(_folder.File("a.bin"));
        Assert.Equal(rig.Torrent.Piece(0).ToArray(), file[..PieceLength]);
        Assert.Equal(rig.Torrent.Piece(2).ToArray(), file[(2 * PieceLength)..(3 * PieceLength)]);
    }

    [Fact]
    public async Task AddBlock_SpilledPieceWithABadBlock_FailsAndIsNotVerified()
    {
        var rig = Make(budgetBlocks: 2);
        var liar = new byte[TorrentLayout.BlockSize];

        await SendPiece(rig, 0, b => b == 7 ? "mallory" : "alice", b => b == 7 ? liar : rig.Torrent.Block(0, b));

        var result = NextResult();
        Assert.Equal(PieceOutcome.HashFailed, result.Outcome);
        Assert.Contains("mallory", result.Contributors);
        Assert.False(rig.Verified.Has(0));
        Assert.Equal(0, rig.Pool.Out);
    }

    [Fact]
    public async Task AddBlock_BlocksThatCouldNotHaveBeenRequested_AreInvalid()
    {
        var rig = Make(budgetBlocks: 8);
        var block = rig.Torrent.Block(0, 0);
        Assert.Equal(BlockAddResult.Invalid, await rig.Cache.AddBlockAsync(-1, 0, block, "x", CancellationToken.None));
        Assert.Equal(BlockAddResult.Invalid, await rig.Cache.AddBlockAsync(4, 0, block, "x", CancellationToken.None));
        Assert.Equal(BlockAddResult.Invalid, await rig.Cache.AddBlockAsync(0, 1, block, "x", CancellationToken.None));
        Assert.Equal(BlockAddResult.Invalid, await rig.Cache.AddBlockAsync(0, PieceLength, block, "x", CancellationToken.None));
        Assert.Equal(BlockAddResult.Invalid, await rig.Cache.AddBlockAsync(0, 0, block[..100], "x", CancellationToken.None));
        Assert.Equal(BlockAddResult.Invalid, await rig.Cache.AddBlockAsync(3, TorrentLayout.BlockSize, block, "x", CancellationToken.None)); // last block is short
        Assert.Equal(0, rig.Cache.PendingPieces);
        Assert.Equal(0, rig.Pool.Out);
    }

    [Fact]
    public async Task AddBlock_DuplicatesAndVerifiedPieces_AreIgnored()
    {
        var rig = Make(budgetBlocks: 16);
        Assert.Equal(BlockAddResult.Accepted, await rig.Cache.AddBlockAsync(0, 0, rig.Torrent.Block(0, 0), "a", CancellationToken.None));
        Assert.Equal(BlockAddResult.Duplicate, await rig.Cache.AddBlockAsync(0, 0, rig.Torrent.Block(0, 0), "b", CancellationToken.None));
        await SendPiece(rig, 1, _ => "a");
        Assert.True(NextResult().Passed);
        Assert.Equal(BlockAddResult.AlreadyHave, await rig.Cache.AddBlockAsync(1, 0, rig.Torrent.Block(1, 0), "a", CancellationToken.None));

        Assert.True(rig.Cache.Abandon(0));
        Assert.False(rig.Cache.Abandon(0));
        Assert.Equal(0, rig.Pool.Out);
    }

    [Fact]
    public async Task AddBlock_CompletingAPiece_HashesOnAWorkerNotTheCallersThread()
    {
        var callerThreads = new HashSet<int>();
        var verifier = new ThreadRecordingVerifier(SyntheticTorrent.Make(PieceLength, 42, ("a.bin", (3L * PieceLength) + 20_000)).Verifier);
        var rig = Make(budgetBlocks: 16, verifier);
        for (var block = 0; block < 8; block++)
        {
            callerThreads.Add(Environment.CurrentManagedThreadId);
            await rig.Cache.AddBlockAsync(0, block * TorrentLayout.BlockSize, rig.Torrent.Block(0, block), "a", CancellationToken.None);
            callerThreads.Add(Environment.CurrentManagedThreadId);
        }

        Assert.True(NextResult().Passed);
        var hashingThread = Assert.Single(verifier.Threads);
        Assert.DoesNotContain(hashingThread, callerThreads);
    }

    [Fact]
    public async Task Read_UnverifiedPiece_IsRefusedEvenWhenItsBytesAreOnDisk()
    {
        var rig = Make(budgetBlocks: 2);
        var reader = new PieceReader(rig.Storage, rig.Verified);
        var buffer = new byte[TorrentLayout.BlockSize];

        // Spilled blocks are on disk but unverified.
        for (var block = 0; block < 4; block++)
        {
            await rig.Cache.AddBlockAsync(0, block * TorrentLayout.BlockSize, rig.Torrent.Block(0, block), "a", CancellationToken.None);
        }

        Assert.Equal(BlockReadResult.NotVerified, reader.Read(0, 3 * TorrentLayout.BlockSize, buffer));
        Assert.Equal(BlockReadResult.OutOfRange, reader.Read(0, PieceLength - 10, buffer));
        Assert.Equal(BlockReadResult.OutOfRange, reader.Read(9, 0, buffer));

        for (var block = 4; block < 8; block++)
        {
            await rig.Cache.AddBlockAsync(0, block * TorrentLayout.BlockSize, rig.Torrent.Block(0, block), "a", CancellationToken.None);
        }

        Assert.True(NextResult().Passed);
        Assert.Equal(BlockReadResult.Read, reader.Read(0, 3 * TorrentLayout.BlockSize, buffer));
        Assert.Equal(rig.Torrent.Block(0, 3).ToArray(), buffer);
    }

    [Fact]
    public async Task AddBlock_VerifierThrows_PieceReportedAsDiskErrorAndBuffersComeBack()
    {
        var rig = Make(budgetBlocks: 16, new ThrowingVerifier());

        await SendPiece(rig, 0, _ => "alice");

        var result = NextResult();
        Assert.Equal(PieceOutcome.DiskError, result.Outcome);
        Assert.False(rig.Verified.Has(0));
        Assert.Equal(0, rig.Cache.PendingPieces);
        Assert.Equal(0, rig.Pool.Out);
    }

    [Fact]
    public async Task AddBlock_FourPeersRacingWithDuplicates_EveryPieceVerifiesOnceAndEveryBufferComesBack()
    {
        // Endgame: every peer sends every block of every piece at once; a small budget forces spills too.
        var files = new[] { ("x.bin", (24L * PieceLength) + 5_000), ("y.bin", 3L * PieceLength) };
        var rig = Make(budgetBlocks: 20, null, files);
        var peers = new[] { "p1", "p2", "p3", "p4" };
        var tasks = peers.Select((peer, index) => Task.Run(async () =>
        {
            var order = Enumerable.Range(0, rig.Torrent.Layout.PieceCount).OrderBy(p => (p * 7919 * (index + 1)) % 101).ToList();
            foreach (var piece in order)
            {
                for (var block = 0; block < rig.Torrent.Layout.BlockCount(piece); block++)
                {
                    await rig.Cache.AddBlockAsync(piece, block * TorrentLayout.BlockSize, rig.Torrent.Block(piece, block), peer, CancellationToken.None);
                }
            }
        })).ToArray();
        await Task.WhenAll(tasks);

        var outcomes = new List<PieceHashResult<string>>();
        while (outcomes.Count(r => r.Passed) < rig.Torrent.Layout.PieceCount)
        {
            outcomes.Add(NextResult());
        }

        Assert.All(outcomes, r => Assert.Equal(PieceOutcome.Verified, r.Outcome));
        Assert.Equal(outcomes.Count, outcomes.Select(r => r.Piece).Distinct().Count()); // no piece hashed twice
        Assert.True(rig.Verified.IsComplete);
        Assert.Equal(0, rig.Pool.Out);
        Assert.True(rig.Pool.MostOut <= 20);
        Assert.Equal(rig.Torrent.FileBytes(0), await File.ReadAllBytesAsync(_folder.File("x.bin")));
        Assert.Equal(rig.Torrent.FileBytes(1), await File.ReadAllBytesAsync(_folder.File("y.bin")));
    }

    private sealed class ThrowingVerifier : IPieceVerifier
    {
        public bool Verify(int piece, ReadOnlySpan<byte> data) => throw new InvalidOperationException("verifier bug");
    }

    private sealed class ThreadRecordingVerifier(IPieceVerifier inner) : IPieceVerifier
    {
        public ConcurrentBag<int> Threads { get; } = [];

        public bool Verify(int piece, ReadOnlySpan<byte> data)
        {
            Threads.Add(Environment.CurrentManagedThreadId);
            return inner.Verify(piece, data);
        }
    }
}
