using System.Security.Cryptography;
using HomeTelco.Torrent.Pieces;

namespace HomeTelco.Torrent.Tests.Pieces;

/// <summary>Small trees worked out by hand from BEP 52's rules (libtorrent-made torrents are checked in Metainfo/).</summary>
public sealed class MerklePieceVerifierTests
{
    private const int Block = 16 * 1024;

    [Fact]
    public void A_file_of_one_short_block_has_the_blocks_hash_as_root()
    {
        var data = Bytes(1_000, 1);
        var verifier = new MerklePieceVerifier(Block, [new(0, 1, data.Length, SHA256.HashData(data), null)]);
        Assert.True(verifier.Verify(0, data));
        Assert.Equal(1_000, verifier.PieceDataLength(0));
        Assert.True(verifier.Verify(0, [.. data, .. new byte[Block - data.Length]]));
        Assert.False(verifier.Verify(0, [.. data, 1, .. new byte[Block - data.Length - 1]]));
    }

    [Fact]
    public void A_one_piece_file_of_three_blocks_pads_to_four_leaves_with_zero_hashes()
    {
        var data = Bytes((2 * Block) + 10, 2);
        var leaves = Enumerable.Range(0, 3).Select(i => SHA256.HashData(data.AsSpan(i * Block, Math.Min(Block, data.Length - (i * Block))))).Append(new byte[32]).ToArray();
        var root = Pair(Pair(leaves[0], leaves[1]), Pair(leaves[2], leaves[3]));
        var verifier = new MerklePieceVerifier(4 * Block, [new(0, 1, data.Length, root, null)]);
        Assert.True(verifier.Verify(0, data));
        Assert.False(verifier.Verify(0, data.AsSpan(0, data.Length - 1)));
    }

    [Fact]
    public void A_layer_of_three_pieces_pads_with_the_hash_of_an_all_zero_piece()
    {
        // Pieces of two blocks; a zero piece's hash is H(0^32 || 0^32), not zero.
        var pieces = Enumerable.Range(0, 3).Select(i => Bytes(i == 2 ? 100 : 2 * Block, 10 + i)).ToArray();
        var pieceHashes = pieces.Select(p => Pair(SHA256.HashData(p.AsSpan(0, Math.Min(Block, p.Length))), p.Length > Block ? SHA256.HashData(p.AsSpan(Block)) : new byte[32])).ToArray();
        var zeroPiece = Pair(new byte[32], new byte[32]);
        var root = Pair(Pair(pieceHashes[0], pieceHashes[1]), Pair(pieceHashes[2], zeroPiece));
        var layer = pieceHashes.SelectMany(h => h).ToArray();

        Span<byte> computed = stackalloc byte[32];
        MerklePieceVerifier.LayerRoot(layer, 2 * Block, computed);
        Assert.Equal(root, computed.ToArray());

        // The file starts at piece 5, after another torrent file's pieces.
        var verifier = new MerklePieceVerifier(2 * Block, [new(5, 3, (4 * Block) + 100, root, layer)]);
        Assert.Equal(8, verifier.PieceCount);
        Assert.True(verifier.HasAllPieceLayers);
        Assert.True(verifier.Verify(5, pieces[0]));
        Assert.True(verifier.Verify(7, pieces[2]));
        Assert.False(verifier.Verify(6, pieces[0]));
        Assert.False(verifier.Verify(4, pieces[0]));
        Assert.Equal(-1, verifier.PieceDataLength(8));
        Assert.Equal(100, verifier.PieceDataLength(7));
    }

    [Fact]
    public void Without_its_layer_a_big_file_cannot_be_verified()
    {
        var verifier = new MerklePieceVerifier(Block, [new(0, 2, Block + 1, new byte[32], null)]);
        Assert.False(verifier.HasAllPieceLayers);
        Assert.False(verifier.Verify(0, new byte[Block]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MerklePieceVerifier(Block + 1, []));
        Assert.Throws<ArgumentException>(() => new MerklePieceVerifier(Block, [new(0, 2, 2 * Block, new byte[32], null), new(1, 1, 1, new byte[32], null)]));
    }

    private static byte[] Pair(byte[] left, byte[] right) => SHA256.HashData([.. left, .. right]);

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
