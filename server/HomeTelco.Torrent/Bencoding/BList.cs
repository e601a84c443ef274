namespace HomeTelco.Torrent.Bencoding;

/// <summary>A bencoded list: <c>l4:spami42ee</c>.</summary>
public sealed class BList : BValue
{
    internal BList(ReadOnlyMemory<byte> raw, IReadOnlyList<BValue> items)
        : base(raw)
    {
        Items = items;
    }

    /// <summary>The items in order.</summary>
    public IReadOnlyList<BValue> Items { get; }

    /// <summary>Number of items.</summary>
    public int Count => Items.Count;
}
