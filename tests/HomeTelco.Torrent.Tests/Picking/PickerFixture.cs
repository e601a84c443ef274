using HomeTelco.Torrent.Picking;
using HomeTelco.Torrent.Pieces;
using HomeTelco.Torrent.Storage;
using Microsoft.Extensions.Time.Testing;

namespace HomeTelco.Torrent.Tests.Picking;

/// <summary>Builds pickers over made-up layouts for the picker tests.</summary>
internal static class PickerFixture
{
    public const int Block = TorrentLayout.BlockSize;

    /// <summary>One file of <paramref name="pieces"/> pieces of <paramref name="blocksPerPiece"/> blocks.</summary>
    public static TorrentLayout Layout(int pieces, int blocksPerPiece = 1) =>
        new(Block * blocksPerPiece, [new TorrentFileSpan("a.bin", (long)pieces * Block * blocksPerPiece, 0)]);

    public static PiecePicker Picker(TorrentLayout layout, FakeTimeProvider? time = null, int seed = 1, PickerOptions? options = null, params int[] have)
    {
        var bits = new Bitfield(layout.PieceCount);
        foreach (var piece in have)
        {
            bits.Set(piece);
        }

        return new PiecePicker(layout, bits, time ?? new FakeTimeProvider(), new Random(seed), options);
    }

    /// <summary>A peer that unchoked us and has the given pieces (all when none are given).</summary>
    public static PickerPeer Peer(PiecePicker picker, params int[] pieces)
    {
        var peer = picker.AddPeer();
        if (pieces.Length == 0)
        {
            picker.PeerHaveAll(peer);
        }

        foreach (var piece in pieces)
        {
            Assert.True(picker.PeerHave(peer, piece));
        }

        picker.PeerUnchoked(peer);
        return peer;
    }

    public static BlockRequest[] Pick(PiecePicker picker, PickerPeer peer, int max = 250)
    {
        var buffer = new BlockRequest[max];
        var count = picker.Pick(peer, buffer);
        return buffer[..count];
    }

    public static int[] AllPieces(int count) => Enumerable.Range(0, count).ToArray();
}
