using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace HomeTelco.Sip.Transactions;

/// <summary>
/// A transaction key as a 128-bit digest, the key of the compact tables. Those hold every lingering transaction of the
/// last 32 seconds (hundreds of thousands under a call burst); keyed by the transaction keys themselves, each entry
/// kept its branch and host strings alive that long, so every one of them was copied into the old generation and died
/// there, and the collections that did the copying stopped the engine for 5–15 ms at a time. A digest is plain bits:
/// the GC never looks into the tables.
/// The digest is XxHash128 with a seed drawn at start, which a sender cannot learn, so it cannot craft two keys
/// that collide; by chance, two of even a million live keys share a digest with odds below 10^-26. Two keys are equal
/// exactly when the transaction keys' own equality says so: the branch and method byte for byte, the host without
/// regard to case (RFC 3261 §17.2.3), the port.
/// </summary>
internal readonly record struct SipCompactKey(UInt128 Digest)
{
    private static readonly long Seed = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(sizeof(long)));

    // Keys this long and shorter are digested from the stack; the parser's limits allow longer branches, which borrow.
    private const int StackLimit = 512;

    private enum Side : byte
    {
        Server,
        Client,
    }

    public static SipCompactKey Of(in SipServerTransactionKey key) =>
        Create(Side.Server, key.Branch, key.Method, key.SentByHost, key.SentByPort);

    public static SipCompactKey Of(in SipClientTransactionKey key) => Create(Side.Client, key.Branch, key.Method, host: null, port: 0);

    private static SipCompactKey Create(Side side, string branch, string method, string? host, int port)
    {
        // Each string with its length in front, so no two different keys write the same bytes.
        var length = 1 + (3 * sizeof(int)) + ((branch.Length + method.Length + (host?.Length ?? 0)) * sizeof(char)) + sizeof(int);
        byte[]? rented = null;
        var buffer = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var at = 0;
            buffer[at++] = (byte)side;
            at += Write(buffer[at..], branch);
            at += Write(buffer[at..], method);
            if (host is not null)
            {
                // OrdinalIgnoreCase compares the invariant upper-case forms of the characters.
                BinaryPrimitives.WriteInt32LittleEndian(buffer[at..], host.Length);
                at += sizeof(int);
                var upper = MemoryMarshal.Cast<byte, char>(buffer.Slice(at, host.Length * sizeof(char)));
                host.AsSpan().ToUpperInvariant(upper);
                at += host.Length * sizeof(char);
            }
            else
            {
                BinaryPrimitives.WriteInt32LittleEndian(buffer[at..], -1);
                at += sizeof(int);
            }

            BinaryPrimitives.WriteInt32LittleEndian(buffer[at..], port);
            at += sizeof(int);
            return new SipCompactKey(XxHash128.HashToUInt128(buffer[..at], Seed));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static int Write(Span<byte> destination, string value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(destination, value.Length);
        MemoryMarshal.AsBytes(value.AsSpan()).CopyTo(destination[sizeof(int)..]);
        return sizeof(int) + (value.Length * sizeof(char));
    }
}
