using System.Text.Json;
using System.Text.RegularExpressions;

namespace HomeTelco.Torrent.Tests.Metainfo;

/// <summary>The real torrent makers and readers installed on the machine: mktorrent, transmission-create/-show, aria2c, libtorrent.</summary>
internal static partial class TorrentTools
{
    // The Debian interpreter: python3-libtorrent is installed for it, not for any other python on the PATH.
    private const string SystemPython = "/usr/bin/python3";

    private const string LibtorrentScript = """
        import json, os, sys
        import libtorrent as lt
        root, name, piece, mode, out = sys.argv[1:6]
        fs = lt.file_storage()
        lt.add_files(fs, os.path.join(root, name))
        flags = {"v1": lt.create_torrent.v1_only, "v2": lt.create_torrent.v2_only, "hybrid": 0}[mode]
        ct = lt.create_torrent(fs, int(piece), flags=flags)
        ct.add_tracker("udp://127.0.0.1:6969/announce", 0)
        ct.add_tracker("http://127.0.0.1:6970/announce", 1)
        lt.set_piece_hashes(ct, root)
        with open(out, "wb") as f:
            f.write(lt.bencode(ct.generate()))
        ti = lt.torrent_info(out)
        h = ti.info_hashes()
        files = ti.files()
        print(json.dumps({
            "v1": str(h.v1) if h.has_v1() else "",
            "v2": str(h.v2) if h.has_v2() else "",
            "pieces": ti.num_pieces(),
            "files": [{"path": files.file_path(i), "size": files.file_size(i), "offset": files.file_offset(i),
                       "pad": bool(files.file_flags(i) & lt.file_storage.flag_pad_file)} for i in range(files.num_files())],
        }))
        """;

    public sealed record LibtorrentFile(string Path, long Size, long Offset, bool Pad);

    public sealed record LibtorrentResult(string V1, string V2, int Pieces, IReadOnlyList<LibtorrentFile> Files);

    public static void Mktorrent(string content, string output, int pieceLengthLog2, params string[] extra) =>
        ExternalTool.Run("mktorrent", ["-l", pieceLengthLog2.ToString(System.Globalization.CultureInfo.InvariantCulture), .. extra, "-o", output, content]);

    public static void TransmissionCreate(string content, string output, int pieceKib, params string[] extra) =>
        ExternalTool.Run("transmission-create", ["-o", output, "-s", pieceKib.ToString(System.Globalization.CultureInfo.InvariantCulture), .. extra, content]);

    /// <summary>The info-hash transmission-show prints ("Hash:").</summary>
    public static string TransmissionShowHash(string torrent)
    {
        var match = TransmissionHash().Match(ExternalTool.Run("transmission-show", [torrent]));
        Assert.True(match.Success, "transmission-show printed no hash");
        return match.Groups[1].Value.ToLowerInvariant();
    }

    /// <summary>The info-hash aria2c --show-files prints ("Info Hash:").</summary>
    public static string Aria2InfoHash(string torrent)
    {
        var match = Aria2Hash().Match(ExternalTool.Run("aria2c", ["--show-files", torrent]));
        Assert.True(match.Success, "aria2c printed no info hash");
        return match.Groups[1].Value.ToLowerInvariant();
    }

    /// <summary>Makes a torrent of <paramref name="root"/>/<paramref name="name"/> with libtorrent and reports what libtorrent reads back.</summary>
    public static LibtorrentResult Libtorrent(string root, string name, int pieceLength, string mode, string output)
    {
        var json = ExternalTool.Run(
            SystemPython,
            ["-c", LibtorrentScript, root, name, pieceLength.ToString(System.Globalization.CultureInfo.InvariantCulture), mode, output]);
        using var document = JsonDocument.Parse(json);
        var top = document.RootElement;
        var files = top.GetProperty("files").EnumerateArray()
            .Select(f => new LibtorrentFile(f.GetProperty("path").GetString()!, f.GetProperty("size").GetInt64(), f.GetProperty("offset").GetInt64(), f.GetProperty("pad").GetBoolean()))
            .ToList();
        return new LibtorrentResult(top.GetProperty("v1").GetString()!, top.GetProperty("v2").GetString()!, top.GetProperty("pieces").GetInt32(), files);
    }

    [GeneratedRegex(@"^\s*Hash(?: v1)?:\s*([0-9a-fA-F]{40})\s*$", RegexOptions.Multiline)]
    private static partial Regex TransmissionHash();

    [GeneratedRegex(@"^Info Hash:\s*([0-9a-fA-F]{40})\s*$", RegexOptions.Multiline)]
    private static partial Regex Aria2Hash();
}
