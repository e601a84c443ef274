using System.Security.Cryptography;
using HomeTelco.Torrent.Pieces;
using HomeTelco.Torrent.Storage;

namespace HomeTelco.Torrent.Tests.Storage;

/// <summary>A torrent made in memory: random bytes laid over files, with real SHA-1 piece hashes.</summary>
internal sealed class SyntheticTorrent
{
    private SyntheticTorrent(TorrentLayout layout, byte[] data, Sha1PieceVerifier verifier)
    {
        Layout = layout;
        Data = data;
        Verifier = verifier;
    }

    public TorrentLayout Layout { get; }

    /// <summary>The torrent's whole byte space (padding as zeros).</summary>
    public byte[] Data { get; }

    public Sha1PieceVerifier Verifier { get; }

    /// <summary>Files back to back; a negative length is a padding file of that many zeros.</summary>
    public static SyntheticTorrent Make(int pieceLength, int seed, params (string Path, long Length)[] files)
    {
        var spans = new List<TorrentFileSpan>();
        long offset = 0;
        foreach (var (path, length) in files)
        {
            var padding = length < 0;
            spans.Add(new TorrentFileSpan(path, Math.Abs(length), offset, padding));
            offset += Math.Abs(length);
        }

        var layout = new TorrentLayout(pieceLength, spans);
        var data = new byte[layout.TotalLength];
        new Random(seed).NextBytes(data);
        foreach (var span in spans.Where(s => s.IsPadding))
        {
            data.AsSpan((int)span.Offset, (int)span.Length).Clear();
        }

        var hashes = new byte[layout.PieceCount * 20];
        for (var piece = 0; piece < layout.PieceCount; piece++)
        {
#pragma warning disable CA5350 // BEP 3's hash.
            SHA1.HashData(data.AsSpan(piece * pieceLength, layout.PieceSize(piece)), hashes.AsSpan(piece * 20, 20));
#pragma warning restore CA5350
        }

        return new SyntheticTorrent(layout, data, new Sha1PieceVerifier(hashes));
    }

    public ReadOnlyMemory<byte> Piece(int piece) => Data.AsMemory(piece * Layout.PieceLength, Layout.PieceSize(piece));

    public ReadOnlyMemory<byte> Block(int piece, int block)
    {
        var offset = block * TorrentLayout.BlockSize;
        return Piece(piece).Slice(offset, Math.Min(TorrentLayout.BlockSize, Layout.PieceSize(piece) - offset));
    }

    /// <summary>The bytes file <paramref name="index"/> must hold.</summary>
    public byte[] FileBytes(int index)
    {
        var file = Layout.Files[index];
        return Data.AsSpan((int)file.Offset, (int)file.Length).ToArray();
    }
}
