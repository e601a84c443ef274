using System.Buffers.Binary;
using System.Net;

namespace HomeTelco.Torrent.Trackers;

/// <summary>
/// BEP 23 compact peer lists: 6 bytes per IPv4 peer (address, port, network order) and 18 per IPv6 peer (BEP 7).
/// Port 0 entries are skipped; a trailing partial entry makes the whole list invalid, as a tracker that cuts an
/// entry in half is not to be trusted with the rest.
/// </summary>
internal static class CompactPeers
{
    public const int IPv4EntryLength = 6;
    public const int IPv6EntryLength = 18;

    /// <summary>Appends the peers in <paramref name="data"/> to <paramref name="peers"/>, up to <paramref name="max"/> in all.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, int entryLength, List<IPEndPoint> peers, int max)
    {
        if (entryLength is not (IPv4EntryLength or IPv6EntryLength) || data.Length % entryLength != 0)
        {
            return false;
        }

        var addressLength = entryLength - 2;
        for (var at = 0; at < data.Length && peers.Count < max; at += entryLength)
        {
            var entry = data.Slice(at, entryLength);
            var port = BinaryPrimitives.ReadUInt16BigEndian(entry[addressLength..]);
            if (port == 0)
            {
                continue;
            }

            peers.Add(new IPEndPoint(new IPAddress(entry[..addressLength]), port));
        }

        return true;
    }
}
