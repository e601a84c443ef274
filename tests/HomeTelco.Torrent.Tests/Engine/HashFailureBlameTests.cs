using System.Net;
using HomeTelco.Torrent.Engine;

namespace HomeTelco.Torrent.Tests.Engine;

public sealed class HashFailureBlameTests
{
    private static readonly IPAddress Liar = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Honest = IPAddress.Parse("127.0.0.3");
    private static readonly byte[] Good0 = [1];
    private static readonly byte[] Good1 = [2];
    private static readonly byte[] Bad = [9];

    [Fact]
    public void Only_the_sender_of_a_block_that_differs_from_the_good_copy_is_blamed()
    {
        var blame = new HashFailureBlame();
        Assert.True(blame.RecordFailure(5, [(Honest, Good0), (Liar, Bad)]));
        Assert.True(blame.IsSuspect(5));

        var liars = blame.Resolve(5, [Good0, Good1]);

        Assert.Equal([Liar], liars);
        Assert.False(blame.IsSuspect(5));
        Assert.Empty(blame.Resolve(5, [Good0, Good1]));
    }

    [Fact]
    public void Attempts_add_up_and_an_unreadable_block_blames_nobody()
    {
        var blame = new HashFailureBlame();
        blame.RecordFailure(1, [(Liar, Good0), (Honest, Good1)]);
        blame.RecordFailure(1, [(Honest, Bad), (Liar, Bad)]);

        Assert.Equal([Honest], blame.Resolve(1, [Good0, null]));
    }

    [Fact]
    public void The_table_is_bounded_in_pieces_and_attempts()
    {
        var blame = new HashFailureBlame();
        for (var piece = 0; piece < HashFailureBlame.MaxPieces; piece++)
        {
            Assert.True(blame.RecordFailure(piece, [(Liar, Bad)]));
        }

        Assert.False(blame.RecordFailure(HashFailureBlame.MaxPieces, [(Liar, Bad)]));
        for (var attempt = 1; attempt < HashFailureBlame.MaxAttemptsPerPiece; attempt++)
        {
            Assert.True(blame.RecordFailure(0, [(Liar, Bad)]));
        }

        Assert.False(blame.RecordFailure(0, [(Liar, Bad)]));
        Assert.Equal(HashFailureBlame.MaxPieces, blame.Count);
    }
}
