using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace HomeTelco.Torrent.Trackers.Udp;

/// <summary>
/// BEP 15 packets: writers fill a span and return the length; readers check action, transaction id and size and
/// never throw on what a tracker (or anyone spoofing one) sends.
/// </summary>
internal static class UdpTrackerMessages
{
    /// <summary>The protocol id that opens every connect request.</summary>
    public const long ProtocolId = 0x41727101980;

    public const int ConnectRequestLength = 16;
    public const int ConnectResponseLength = 16;
    public const int AnnounceRequestLength = 98;
    public const int AnnounceResponseHeaderLength = 20;
    public const int ScrapeRequestHeaderLength = 16;
    public const int ScrapeEntryLength = 12;

    /// <summary>BEP 15 allows about 74 hashes in one scrape; more would not fit a safe datagram.</summary>
    public const int MaxScrapeHashes = 74;

    /// <summary>A datagram this large holds the biggest answer we accept (about 200 IPv6 peers).</summary>
    public const int MaxDatagram = 4096;

    public static int WriteConnect(Span<byte> destination, int transactionId)
    {
        BinaryPrimitives.WriteInt64BigEndian(destination, ProtocolId);
        BinaryPrimitives.WriteInt32BigEndian(destination[8..], (int)UdpTrackerAction.Connect);
        BinaryPrimitives.WriteInt32BigEndian(destination[12..], transactionId);
        return ConnectRequestLength;
    }

    public static int WriteAnnounce(Span<byte> destination, long connectionId, int transactionId, AnnounceRequest request)
    {
        BinaryPrimitives.WriteInt64BigEndian(destination, connectionId);
        BinaryPrimitives.WriteInt32BigEndian(destination[8..], (int)UdpTrackerAction.Announce);
        BinaryPrimitives.WriteInt32BigEndian(destination[12..], transactionId);
        request.InfoHash.CopyTo(destination[16..]);
        request.PeerId.Span.CopyTo(destination[36..]);
        BinaryPrimitives.WriteInt64BigEndian(destination[56..], request.Downloaded);
        BinaryPrimitives.WriteInt64BigEndian(destination[64..], request.Left);
        BinaryPrimitives.WriteInt64BigEndian(destination[72..], request.Uploaded);
        BinaryPrimitives.WriteInt32BigEndian(destination[80..], EventCode(request.Event));

        // IP 0: the tracker uses the datagram's source address.
        BinaryPrimitives.WriteUInt32BigEndian(destination[84..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(destination[88..], request.Key);
        BinaryPrimitives.WriteInt32BigEndian(destination[92..], request.NumWant);
        BinaryPrimitives.WriteUInt16BigEndian(destination[96..], (ushort)request.Port);
        return AnnounceRequestLength;
    }

    public static int WriteScrape(Span<byte> destination, long connectionId, int transactionId, IReadOnlyList<InfoHash> infoHashes)
    {
        BinaryPrimitives.WriteInt64BigEndian(destination, connectionId);
        BinaryPrimitives.WriteInt32BigEndian(destination[8..], (int)UdpTrackerAction.Scrape);
        BinaryPrimitives.WriteInt32BigEndian(destination[12..], transactionId);
        var at = ScrapeRequestHeaderLength;
        foreach (var hash in infoHashes)
        {
            hash.CopyTo(destination[at..]);
            at += InfoHash.Length;
        }

        return at;
    }

    /// <summary>The action and transaction id of a reply, or false when it is too short to have them.</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> packet, out UdpTrackerAction action, out int transactionId)
    {
        action = default;
        transactionId = 0;
        if (packet.Length < 8)
        {
            return false;
        }

        action = (UdpTrackerAction)BinaryPrimitives.ReadInt32BigEndian(packet);
        transactionId = BinaryPrimitives.ReadInt32BigEndian(packet[4..]);
        return true;
    }

    public static bool TryReadConnect(ReadOnlySpan<byte> packet, out long connectionId)
    {
        connectionId = 0;
        if (packet.Length < ConnectResponseLength)
        {
            return false;
        }

        connectionId = BinaryPrimitives.ReadInt64BigEndian(packet[8..]);
        return true;
    }

    /// <summary>Reads an announce reply; peers are 18-byte entries when the tracker was reached over IPv6 (BEP 15).</summary>
    public static bool TryReadAnnounce(ReadOnlySpan<byte> packet, bool overIPv6, int maxPeers, out AnnounceResponse? response)
    {
        response = null;
        if (packet.Length < AnnounceResponseHeaderLength)
        {
            return false;
        }

        var interval = BinaryPrimitives.ReadInt32BigEndian(packet[8..]);
        var leechers = BinaryPrimitives.ReadInt32BigEndian(packet[12..]);
        var seeders = BinaryPrimitives.ReadInt32BigEndian(packet[16..]);
        var peers = new List<IPEndPoint>();
        var entryLength = overIPv6 ? CompactPeers.IPv6EntryLength : CompactPeers.IPv4EntryLength;
        if (interval < 0 || !CompactPeers.TryParse(packet[AnnounceResponseHeaderLength..], entryLength, peers, maxPeers))
        {
            return false;
        }

        response = new AnnounceResponse
        {
            Interval = TimeSpan.FromSeconds(interval),
            Peers = peers,
            Complete = Math.Max(0, seeders),
            Incomplete = Math.Max(0, leechers),
        };
        return true;
    }

    /// <summary>Reads a scrape reply for the hashes asked, in the order asked; a short reply is invalid.</summary>
    public static bool TryReadScrape(ReadOnlySpan<byte> packet, IReadOnlyList<InfoHash> asked, out IReadOnlyList<ScrapeEntry>? entries)
    {
        entries = null;
        if (packet.Length < 8 + (asked.Count * ScrapeEntryLength))
        {
            return false;
        }

        var list = new ScrapeEntry[asked.Count];
        for (var i = 0; i < asked.Count; i++)
        {
            var entry = packet.Slice(8 + (i * ScrapeEntryLength), ScrapeEntryLength);
            list[i] = new ScrapeEntry(
                asked[i],
                Complete: BinaryPrimitives.ReadInt32BigEndian(entry),
                Downloaded: BinaryPrimitives.ReadInt32BigEndian(entry[4..]),
                Incomplete: BinaryPrimitives.ReadInt32BigEndian(entry[8..]));
        }

        entries = list;
        return true;
    }

    /// <summary>The message of an error reply, made printable and cut to a length fit for a log line.</summary>
    public static string ReadError(ReadOnlySpan<byte> packet)
    {
        var text = packet.Length > 8 ? packet[8..Math.Min(packet.Length, 8 + 200)] : [];
        var message = Encoding.UTF8.GetString(text);
        var printable = new StringBuilder(message.Length);
        foreach (var c in message)
        {
            printable.Append(char.IsControl(c) ? '?' : c);
        }

        return printable.Length == 0 ? "error without a message" : printable.ToString();
    }

    private static int EventCode(TrackerEvent trackerEvent) => trackerEvent switch
    {
        TrackerEvent.Completed => 1,
        TrackerEvent.Started => 2,
        TrackerEvent.Stopped => 3,
        _ => 0,
    };
}
