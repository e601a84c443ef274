using HomeTelco.Torrent.Storage;

namespace HomeTelco.Torrent.Tests.Metainfo;

/// <summary>Reads a whole piece from files on disk the way storage will: padding and alignment gaps read as zeros.</summary>
internal static class PieceData
{
    public static byte[] Read(TorrentLayout layout, string folder, int piece)
    {
        var start = (long)piece * layout.PieceLength;
        var data = new byte[(int)Math.Min(layout.PieceLength, layout.TotalLength - start)];
        foreach (var file in layout.Files)
        {
            var from = Math.Max(start, file.Offset);
            var to = Math.Min(start + data.Length, file.Offset + file.Length);
            if (from >= to || file.IsPadding)
            {
                continue;
            }

            using var stream = File.OpenRead(Path.Combine(folder, file.Path));
            stream.Position = from - file.Offset;
            stream.ReadExactly(data, (int)(from - start), (int)(to - from));
        }

        return data;
    }
}
