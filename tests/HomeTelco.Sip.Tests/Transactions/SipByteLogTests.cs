using HomeTelco.Sip.Transactions;

namespace HomeTelco.Sip.Tests.Transactions;

/// The chunked byte store behind the compact tables' saved responses.
public sealed class SipByteLogTests
{
    [Fact]
    public void Add_SlicesReadBackAsWritten_AcrossChunks()
    {
        var log = new SipByteLog();
        var slices = new List<(long Chunk, int Offset, byte[] Bytes)>();
        for (var i = 0; i < 400; i++)
        {
            var bytes = Enumerable.Range(0, 500 + i).Select(b => (byte)(b + i)).ToArray();
            var (chunk, offset) = log.Add(bytes);
            slices.Add((chunk, offset, bytes));
        }

        Assert.True(log.Chunks > 1);
        foreach (var (chunk, offset, bytes) in slices)
        {
            Assert.Equal(bytes, log.Get(chunk, offset, bytes.Length).ToArray());
        }
    }

    [Fact]
    public void Free_InAgeOrder_DropsEmptyChunksFromTheFront_LaterSlicesStayReadable()
    {
        var log = new SipByteLog();
        var big = new byte[SipByteLog.ChunkSize / 2];
        var first = log.Add(big);
        var second = log.Add(big);
        big[0] = 42;
        var third = log.Add(big);
        Assert.Equal(2, log.Chunks);

        log.Free(first.Chunk);
        Assert.Equal(2, log.Chunks);
        log.Free(second.Chunk);
        Assert.Equal(1, log.Chunks);

        Assert.Equal(42, log.Get(third.Chunk, third.Offset, big.Length)[0]);
        log.Free(third.Chunk);
        Assert.Equal(0, log.Chunks);
    }

    [Fact]
    public void Free_OutOfOrder_KeepsAChunkUntilItsLastSliceGoes()
    {
        var log = new SipByteLog();
        var a = log.Add([1, 2, 3]);
        var b = log.Add([4, 5, 6]);
        Assert.Equal(a.Chunk, b.Chunk);

        log.Free(b.Chunk);
        Assert.Equal(1, log.Chunks);
        Assert.Equal([1, 2, 3], log.Get(a.Chunk, a.Offset, 3).ToArray());
        log.Free(a.Chunk);
        Assert.Equal(0, log.Chunks);
    }

    [Fact]
    public void Add_MoreThanAChunk_Refused()
    {
        var log = new SipByteLog();
        Assert.Throws<ArgumentOutOfRangeException>(() => log.Add(new byte[SipByteLog.ChunkSize + 1]));
    }

    [Fact]
    public void Clear_ChunkNumbersKeepCounting_SoOldAddressesNeverMeanNewBytes()
    {
        var log = new SipByteLog();
        var before = log.Add([1]);
        log.Clear(trim: true);
        var after = log.Add([2]);

        Assert.True(after.Chunk > before.Chunk);
        log.Free(before.Chunk);
        Assert.Equal(1, log.Chunks);
        Assert.Equal(2, log.Get(after.Chunk, after.Offset, 1)[0]);
    }
}
