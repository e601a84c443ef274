using System.Security.Cryptography;
using HomeTelco.Torrent;
using HomeTelco.Torrent.Bencoding;
using HomeTelco.Torrent.Pieces;
using HomeTelco.Torrent.Storage;

namespace HomeTelco.Tests;

/// <summary>
/// Just enough of a v1 .torrent for the storage tests (the engine's own metainfo reader lives in Metainfo/): the
/// layout with every path under the torrent's name, the piece hashes and the info-hash. Shared by the crash writer
/// and the crash test, so both see the torrent the same way.
/// </summary>
public sealed class TestTorrentFile
{
    private TestTorrentFile(string name, TorrentLayout layout, byte[] pieces, InfoHash infoHash)
    {
        Name = name;
        Layout = layout;
        Pieces = pieces;
        InfoHash = infoHash;
    }

    public string Name { get; }

    public TorrentLayout Layout { get; }

    public byte[] Pieces { get; }

    public InfoHash InfoHash { get; }

    public Sha1PieceVerifier Verifier() => new(Pieces);

    public static TestTorrentFile Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (!Bencode.TryDecode(bytes, BencodeLimits.Default, out var root, out var error))
        {
            throw new InvalidDataException(error);
        }

        var info = ((BDictionary)root!)["info"] as BDictionary ?? throw new InvalidDataException("no info dictionary");
        var name = ((BString)info["name"]!).Text;
        var pieceLength = (int)((BInteger)info["piece length"]!).Value;
        var pieces = ((BString)info["pieces"]!).Bytes.ToArray();
        var files = new List<TorrentFileSpan>();
        if (info["files"] is BList list)
        {
            long offset = 0;
            foreach (var item in list.Items.Cast<BDictionary>())
            {
                var length = ((BInteger)item["length"]!).Value;
                var parts = ((BList)item["path"]!).Items.Cast<BString>().Select(s => s.Text);
                var padding = item["attr"] is BString attr && attr.Text.Contains('p', StringComparison.Ordinal);
                files.Add(new TorrentFileSpan(name + "/" + string.Join('/', parts), length, offset, padding));
                offset += length;
            }
        }
        else
        {
            files.Add(new TorrentFileSpan(name, ((BInteger)info["length"]!).Value, 0));
        }

#pragma warning disable CA5350 // The v1 info-hash is SHA-1 by definition.
        var infoHash = InfoHash.FromBytes(SHA1.HashData(info.Raw.Span));
#pragma warning restore CA5350
        return new TestTorrentFile(name, new TorrentLayout(pieceLength, files), pieces, infoHash);
    }
}
