using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace HomeTelco.Torrent.Peers.Wire;

/// <summary>
/// BEP 6's allowed-fast set: pieces a peer may request while choked, derived from its address and the
/// info-hash so that a peer cannot pick better ones by reconnecting from the same /24.
/// </summary>
internal static class AllowedFastSet
{
    /// <summary>The set BEP 6 recommends.</summary>
    public const int DefaultSize = 10;

    /// <summary>
    /// Fills <paramref name="destination"/> with up to its length of distinct piece indices for an IPv4 peer, in
    /// the BEP's order; returns how many (fewer when the torrent has fewer pieces). IPv6 has no canonical set, so 0.
    /// </summary>
    public static int Generate(IPAddress address, InfoHash infoHash, int pieceCount, Span<int> destination)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetwork || pieceCount <= 0)
        {
            return 0;
        }

        var wanted = Math.Min(destination.Length, pieceCount);
        Span<byte> x = stackalloc byte[24];
        address.TryWriteBytes(x, out _);
        x[3] = 0; // the /24 network, so neighbours share a set
        infoHash.CopyTo(x[4..]);
        Span<byte> hash = stackalloc byte[20];
        var inputLength = x.Length;
        var count = 0;

        // Each round yields five candidates; a cap keeps a tiny torrent from spinning on repeats forever.
        for (var round = 0; count < wanted && round < 64 * DefaultSize; round++)
        {
#pragma warning disable CA5350 // BEP 6 specifies SHA-1 as a mixing function, not for security.
            SHA1.HashData(x[..inputLength], hash);
#pragma warning restore CA5350
            hash.CopyTo(x);
            inputLength = hash.Length;
            for (var i = 0; i < 5 && count < wanted; i++)
            {
                var index = (int)(BinaryPrimitives.ReadUInt32BigEndian(hash[(i * 4)..]) % (uint)pieceCount);
                if (!destination[..count].Contains(index))
                {
                    destination[count++] = index;
                }
            }
        }

        return count;
    }
}
