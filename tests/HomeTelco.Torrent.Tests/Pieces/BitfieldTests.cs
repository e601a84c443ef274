using HomeTelco.Torrent.Pieces;

namespace HomeTelco.Torrent.Tests.Pieces;

public sealed class BitfieldTests
{
    [Fact]
    public void Wire_form_is_most_significant_bit_first_and_round_trips()
    {
        var bits = new Bitfield(10);
        bits.Set(0);
        bits.Set(7);
        bits.Set(9);
        var wire = new byte[bits.WireLength];
        bits.WriteTo(wire);
        Assert.Equal(new byte[] { 0b1000_0001, 0b0100_0000 }, wire);

        Assert.True(Bitfield.TryRead(wire, 10, out var read));
        Assert.Equal(3, read!.Count);
        Assert.True(read[9]);
        Assert.False(read[8]);
    }

    [Fact]
    public void A_set_spare_bit_or_a_wrong_length_is_refused()
    {
        Assert.False(Bitfield.TryRead([0xFF, 0xFF], 10, out _));
        Assert.False(Bitfield.TryRead([0xFF], 10, out _));
    }

    [Fact]
    public void Count_follows_changes_and_searches_skip_what_they_should()
    {
        var bits = new Bitfield(130);
        Assert.False(bits.Clear(5));
        Assert.True(bits.Set(128));
        Assert.False(bits.Set(128));
        Assert.Equal(128, bits.NextSet(0));
        Assert.Equal(129, bits.NextClear(128));
        bits.SetAll();
        Assert.True(bits.IsComplete);
        Assert.Equal(-1, bits.NextClear(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => bits[130]);
    }
}
