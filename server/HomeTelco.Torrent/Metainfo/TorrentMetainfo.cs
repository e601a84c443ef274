using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using HomeTelco.Torrent.Bencoding;
using HomeTelco.Torrent.Pieces;
using HomeTelco.Torrent.Storage;

namespace HomeTelco.Torrent.Metainfo;

/// <summary>
/// A parsed and validated torrent: from a .torrent file (<see cref="Parse"/>) or from an info dictionary fetched
/// from peers after a magnet link (<see cref="FromInfoDictionary"/>). Holds copies of what it needs, never views
/// into the caller's buffer.
/// </summary>
public sealed class TorrentMetainfo
{
    private TorrentMetainfo(byte[] infoBytes, InfoDictionaryReader.Contents contents)
    {
        InfoBytes = infoBytes;
        Version = contents.Version;
        Name = contents.Name;
        PieceLength = contents.PieceLength;
        IsPrivate = contents.IsPrivate;
        Files = contents.Files;
        Layout = contents.Layout;
        Verifier = contents.Verifier;
        HasAllPieceLayers = contents.HasAllPieceLayers;
        if (Version != TorrentVersion.V2)
        {
#pragma warning disable CA5350 // BEP 3 names SHA-1; it identifies data, it does not protect secrets.
            InfoHashV1 = InfoHash.FromBytes(SHA1.HashData(infoBytes));
#pragma warning restore CA5350
        }

        if (Version != TorrentVersion.V1)
        {
            var full = SHA256.HashData(infoBytes);
            InfoHashV2Full = full;
            InfoHashV2 = InfoHash.FromBytes(full);
        }

        WireHash = InfoHashV1 ?? InfoHashV2!.Value;
        ContentLength = Files.Where(f => !f.IsPadding).Sum(f => f.Length);
    }

    /// <summary>v1, v2 or hybrid.</summary>
    public TorrentVersion Version { get; }

    /// <summary>SHA-1 of the info dictionary (v1 and hybrid).</summary>
    public InfoHash? InfoHashV1 { get; }

    /// <summary>SHA-256 of the info dictionary truncated to 20 bytes, as trackers and the v2 handshake use it (v2 and hybrid).</summary>
    public InfoHash? InfoHashV2 { get; }

    /// <summary>The whole 32-byte SHA-256 of the info dictionary (v2 and hybrid, for btmh magnet links); empty for v1.</summary>
    public ReadOnlyMemory<byte> InfoHashV2Full { get; }

    /// <summary>The hash that names the swarm on the wire: v1 when there is one, else the truncated v2 hash.</summary>
    public InfoHash WireHash { get; }

    /// <summary>The suggested name: the file's name for a single-file torrent, the folder's otherwise.</summary>
    public string Name { get; }

    /// <summary>Bytes per piece.</summary>
    public int PieceLength { get; }

    /// <summary>Number of pieces.</summary>
    public int PieceCount => Layout.PieceCount;

    /// <summary>BEP 27: peers only from the torrent's trackers (no DHT, PEX or LSD).</summary>
    public bool IsPrivate { get; }

    /// <summary>Files in torrent order, including BEP 47 padding files.</summary>
    public IReadOnlyList<TorrentFile> Files { get; }

    /// <summary>Bytes of real content (padding files excluded).</summary>
    public long ContentLength { get; }

    /// <summary>How pieces lie over files.</summary>
    public TorrentLayout Layout { get; }

    /// <summary>Checks whole pieces: SHA-1 for v1 and hybrid, the SHA-256 merkle trees for pure v2.</summary>
    public IPieceVerifier Verifier { get; }

    /// <summary>False for a v2 torrent from a magnet whose piece layers are not known yet (its big files' pieces cannot be verified).</summary>
    public bool HasAllPieceLayers { get; }

    /// <summary>BEP 12 tiers of tracker URLs (a lone "announce" makes one tier); only http, https and udp URLs are kept.</summary>
    public IReadOnlyList<IReadOnlyList<string>> AnnounceTiers { get; private init; } = [];

    /// <summary>BEP 19 web seeds (http and https).</summary>
    public IReadOnlyList<string> WebSeeds { get; private init; } = [];

    /// <summary>When the torrent says it was made.</summary>
    public DateTimeOffset? CreationDate { get; private init; }

    /// <summary>The torrent's free-text comment.</summary>
    public string? Comment { get; private init; }

    /// <summary>The program that made the torrent.</summary>
    public string? CreatedBy { get; private init; }

    /// <summary>The exact bytes of the info dictionary (served to peers over ut_metadata, hashed for the info-hash).</summary>
    public ReadOnlyMemory<byte> InfoBytes { get; }

    /// <summary>Parses a .torrent file.</summary>
    /// <exception cref="MetainfoException">The file is not a torrent we accept; the message says why.</exception>
    public static TorrentMetainfo Parse(ReadOnlyMemory<byte> torrentFile)
    {
        if (torrentFile.Length > MetainfoLimits.MaxTorrentFileBytes)
        {
            throw new MetainfoException($"The torrent file is larger than {MetainfoLimits.MaxTorrentFileBytes / (1024 * 1024)} MiB.");
        }

        if (!Bencode.TryDecode(torrentFile, MetainfoLimits.Bencode, out var value, out var error))
        {
            throw new MetainfoException($"The file is not a valid torrent: {error}.");
        }

        if (value is not BDictionary root || !root.TryGet<BDictionary>("info", out var info))
        {
            throw new MetainfoException("The file is not a torrent: it has no info dictionary.");
        }

        CheckInfoSize(info);
        var contents = InfoDictionaryReader.Read(info, root.TryGet<BDictionary>("piece layers", out var layers) ? layers : EmptyLayers());
        return new TorrentMetainfo(info.Raw.ToArray(), contents)
        {
            AnnounceTiers = TrackerListReader.Tiers(root),
            WebSeeds = TrackerListReader.WebSeeds(root),
            CreationDate = root.TryGet<BInteger>("creation date", out var date) && date.Value is >= 0 and <= 253_402_300_799
                ? DateTimeOffset.FromUnixTimeSeconds(date.Value)
                : null,
            Comment = root.TryGet<BString>("comment", out var comment) ? comment.Text : null,
            CreatedBy = root.TryGet<BString>("created by", out var createdBy) ? createdBy.Text : null,
        };
    }

    /// <summary>Parses a .torrent file without throwing: false and a message for the user when refused.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> torrentFile, [NotNullWhen(true)] out TorrentMetainfo? metainfo, [NotNullWhen(false)] out string? error)
    {
        try
        {
            metainfo = Parse(torrentFile);
            error = null;
            return true;
        }
        catch (MetainfoException e)
        {
            metainfo = null;
            error = e.Message;
            return false;
        }
    }

    /// <summary>
    /// Builds the torrent from an info dictionary fetched from peers (BEP 9), after checking that it hashes to
    /// <paramref name="expected"/> (the v1 hash, or the truncated v2 hash). A v2 torrent's piece layers are not in
    /// the info dictionary: until they are fetched, <see cref="HasAllPieceLayers"/> may be false.
    /// </summary>
    /// <exception cref="MetainfoException">The bytes do not match the hash or are not an info dictionary we accept.</exception>
    public static TorrentMetainfo FromInfoDictionary(ReadOnlyMemory<byte> infoBytes, InfoHash expected)
    {
        if (infoBytes.Length > MetainfoLimits.MaxInfoBytes)
        {
            throw new MetainfoException($"The torrent's metadata is larger than {MetainfoLimits.MaxInfoBytes / (1024 * 1024)} MiB.");
        }

#pragma warning disable CA5350 // BEP 3 names SHA-1; it identifies data, it does not protect secrets.
        var matches = InfoHash.FromBytes(SHA1.HashData(infoBytes.Span)) == expected
            || InfoHash.FromBytes(SHA256.HashData(infoBytes.Span)) == expected;
#pragma warning restore CA5350
        if (!matches)
        {
            throw new MetainfoException($"The metadata received does not hash to {expected}.");
        }

        if (!Bencode.TryDecode(infoBytes, MetainfoLimits.Bencode, out var value, out var error))
        {
            throw new MetainfoException($"The torrent's metadata is not valid: {error}.");
        }

        if (value is not BDictionary info)
        {
            throw new MetainfoException("The torrent's metadata is not an info dictionary.");
        }

        return new TorrentMetainfo(infoBytes.ToArray(), InfoDictionaryReader.Read(info, pieceLayers: null));
    }

    private static void CheckInfoSize(BDictionary info)
    {
        if (info.Raw.Length > MetainfoLimits.MaxInfoBytes)
        {
            throw new MetainfoException($"The torrent's info dictionary is larger than {MetainfoLimits.MaxInfoBytes / (1024 * 1024)} MiB.");
        }
    }

    // A .torrent without "piece layers" is still a .torrent: its big v2 files are refused for missing layers.
    private static BDictionary EmptyLayers()
    {
        Bencode.TryDecode("de"u8.ToArray(), BencodeLimits.Default, out var value, out _);
        return (BDictionary)value!;
    }
}
