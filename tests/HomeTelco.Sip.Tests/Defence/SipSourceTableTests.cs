using HomeTelco.Sip.Defence;

namespace HomeTelco.Sip.Tests.Defence;

public sealed class SipSourceTableTests
{
    [Fact]
    public void GetOrAdd_SameKey_SameSlotNotAdded()
    {
        var table = new SipSourceTable(4);
        var slot = table.GetOrAdd(7, out var added);

        Assert.True(added);
        Assert.Equal(slot, table.GetOrAdd(7, out added));
        Assert.False(added);
        Assert.Equal(1, table.Count);
    }

    [Fact]
    public void GetOrAdd_Full_EvictsASourceNotHeardSinceTheLastSweep()
    {
        var table = new SipSourceTable(4);
        for (UInt128 key = 1; key <= 4; key++)
        {
            table.GetOrAdd(key, out _);
        }

        // The first sweep clears every mark and evicts slot 0 (key 1); key 2 is then heard again.
        table.GetOrAdd(5, out _);
        table.GetOrAdd(2, out _);
        table.GetOrAdd(6, out _);

        Assert.Equal(-1, table.Find(1));
        Assert.NotEqual(-1, table.Find(2));
        Assert.Equal(-1, table.Find(3));
        Assert.Equal(4, table.Count);
    }

    [Fact]
    public void GetOrAdd_RecycledSlot_StartsFresh()
    {
        var table = new SipSourceTable(1);
        var slot = table.GetOrAdd(1, out _);
        table[slot].Excess = 50;
        table[slot].Referenced = false;

        var recycled = table.GetOrAdd(2, out var added);

        Assert.True(added);
        Assert.Equal(0, table[recycled].Excess);
        Assert.Equal((UInt128)2, table[recycled].Key);
    }
}
