using System.Globalization;
using System.Security.Cryptography;
using HomeTelco.IntegrationTests.Infrastructure;
using HomeTelco.Torrent;
using HomeTelco.Torrent.Bencoding;
using HomeTelco.Torrent.Peers.Connections;
using HomeTelco.Torrent.Pieces;

namespace HomeTelco.IntegrationTests.Torrent.Peers;

/// <summary>
/// A small multi-file torrent made by mktorrent from random data: one larger file so pieces span files, and
/// enough small files with long names that the info dictionary is over 16 KiB (several ut_metadata pieces).
/// </summary>
internal sealed class TestTorrent : IDisposable
{
    public const int PieceLengthExponent = 15; // 32 KiB: two 16 KiB blocks per piece

    private TestTorrent(TempFolder folder, string dataDirectory, string torrentFile, BDictionary info)
    {
        Folder = folder;
        DataDirectory = dataDirectory;
        TorrentFile = torrentFile;
        Info = info;
        var pieceLength = (int)((BInteger)info["piece length"]!).Value;
        var total = ((BList)info["files"]!).Items.Cast<BDictionary>().Sum(f => ((BInteger)f["length"]!).Value);
        var pieces = ((BString)info["pieces"]!).Bytes;
        Shape = new PeerTorrentShape(pieces.Length / 20, pieceLength, total);
        Verifier = new Sha1PieceVerifier(pieces);
#pragma warning disable CA5350 // the v1 info-hash is SHA-1 by definition
        InfoHash = InfoHash.FromBytes(SHA1.HashData(info.Raw.Span));
#pragma warning restore CA5350
    }

    public TempFolder Folder { get; }

    /// <summary>The folder that holds the torrent's top directory (what aria2c's --dir and transmission's -w want).</summary>
    public string DataDirectory { get; }

    public string TorrentFile { get; }

    public BDictionary Info { get; }

    public PeerTorrentShape Shape { get; }

    public Sha1PieceVerifier Verifier { get; }

    public InfoHash InfoHash { get; }

    public static TestTorrent Create(string announce = "http://127.0.0.1:9/announce")
    {
        var folder = new TempFolder();
        var data = Path.Combine(folder.Path, "data");
        var top = Path.Combine(data, "bundle");
        Directory.CreateDirectory(Path.Combine(top, "notes"));
        File.WriteAllBytes(Path.Combine(top, "big.bin"), RandomNumberGenerator.GetBytes(200_000 + 1_234));
        for (var i = 0; i < 260; i++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"note-{i:D3}-with-a-long-name-so-the-info-dictionary-grows.txt");
            File.WriteAllBytes(Path.Combine(top, "notes", name), RandomNumberGenerator.GetBytes(500 + (i * 37 % 3000)));
        }

        var torrentFile = Path.Combine(folder.Path, "bundle.torrent");
        CommandRun.RunToSuccess("mktorrent", ["-a", announce, "-l", PieceLengthExponent.ToString(CultureInfo.InvariantCulture), "-o", torrentFile, top], TimeSpan.FromSeconds(60));
        if (!Bencode.TryDecode(File.ReadAllBytes(torrentFile), BencodeLimits.Default, out var value, out var error))
        {
            throw new InvalidOperationException("mktorrent wrote a file we cannot decode: " + error);
        }

        return new TestTorrent(folder, data, torrentFile, (BDictionary)((BDictionary)value!)["info"]!);
    }

    /// <summary>Every file's bytes in torrent order: the torrent as one byte string, for serving blocks from memory.</summary>
    public byte[] Content()
    {
        var top = Path.Combine(DataDirectory, ((BString)Info["name"]!).Text);
        using var all = new MemoryStream();
        foreach (var file in ((BList)Info["files"]!).Items.Cast<BDictionary>())
        {
            var parts = ((BList)file["path"]!).Items.Cast<BString>().Select(p => p.Text);
            var bytes = File.ReadAllBytes(Path.Combine([top, .. parts]));
            all.Write(bytes);
        }

        return all.ToArray();
    }

    public void Dispose() => Folder.Dispose();
}
