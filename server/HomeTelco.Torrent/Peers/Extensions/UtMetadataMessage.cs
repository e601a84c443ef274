using System.Buffers;
using HomeTelco.Torrent.Bencoding;

namespace HomeTelco.Torrent.Peers.Extensions;

/// <summary>The three BEP 9 message types.</summary>
internal enum UtMetadataType
{
    Request = 0,
    Data = 1,
    Reject = 2,
}

/// <summary>
/// One BEP 9 ut_metadata message: a bencoded dictionary (msg_type, piece, total_size for data), followed,
/// in a data message, by the raw piece of the info dictionary (16 KiB, the last one shorter).
/// </summary>
internal readonly record struct UtMetadataMessage(UtMetadataType Type, int Piece, long TotalSize, ReadOnlyMemory<byte> Data)
{
    /// <summary>Metadata travels in pieces of this size.</summary>
    public const int PieceLength = 16 * 1024;

    /// <summary>The largest info dictionary we fetch (a 16 MiB piece list covers terabytes); larger is refused.</summary>
    public const long MaxMetadataSize = 16L * 1024 * 1024;

    /// <summary>Decodes the payload of an extended message; false with a reason on anything malformed.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> payload, out UtMetadataMessage message, out string? error)
    {
        message = default;
        if (!Bencode.TryDecodePrefix(payload, BencodeLimits.PeerMessage, out var value, out var consumed, out error))
        {
            error = "ut_metadata: " + error;
            return false;
        }

        if (value is not BDictionary dictionary
            || !dictionary.TryGet<BInteger>("msg_type", out var type)
            || !dictionary.TryGet<BInteger>("piece", out var piece))
        {
            error = "ut_metadata: not a dictionary with msg_type and piece";
            return false;
        }

        if (type.Value is < 0 or > 2 || piece.Value < 0 || piece.Value >= MaxMetadataSize / PieceLength)
        {
            error = $"ut_metadata: msg_type {type.Value} piece {piece.Value} out of range";
            return false;
        }

        var data = payload[consumed..];
        long totalSize = 0;
        if (type.Value == (long)UtMetadataType.Data)
        {
            if (!dictionary.TryGet<BInteger>("total_size", out var total) || total.Value <= 0 || total.Value > MaxMetadataSize)
            {
                error = "ut_metadata: data without a total_size within the limit";
                return false;
            }

            totalSize = total.Value;
            var expected = ExpectedLength(totalSize, (int)piece.Value);
            if (data.Length != expected)
            {
                error = $"ut_metadata: piece {piece.Value} carries {data.Length} bytes, expected {expected}";
                return false;
            }
        }
        else if (!data.IsEmpty)
        {
            error = "ut_metadata: bytes after a request or reject";
            return false;
        }

        message = new UtMetadataMessage((UtMetadataType)type.Value, (int)piece.Value, totalSize, data);
        return true;
    }

    /// <summary>Bytes piece <paramref name="piece"/> of metadata of <paramref name="totalSize"/> bytes carries (0 when past the end).</summary>
    public static int ExpectedLength(long totalSize, int piece)
    {
        var start = (long)piece * PieceLength;
        return start >= totalSize ? 0 : (int)Math.Min(PieceLength, totalSize - start);
    }

    /// <summary>Encodes this message (dictionary, then the data of a data message) into <paramref name="output"/>.</summary>
    public void WriteTo(IBufferWriter<byte> output)
    {
        var writer = new BencodeWriter(output);
        writer.BeginDictionary();
        writer.String("msg_type");
        writer.Integer((long)Type);
        writer.String("piece");
        writer.Integer(Piece);
        if (Type == UtMetadataType.Data)
        {
            writer.String("total_size");
            writer.Integer(TotalSize);
        }

        writer.End();
        if (Type == UtMetadataType.Data)
        {
            output.Write(Data.Span);
        }
    }

    /// <summary>The encoded message as a new array.</summary>
    public byte[] Encode()
    {
        var buffer = new ArrayBufferWriter<byte>(64 + Data.Length);
        WriteTo(buffer);
        return buffer.WrittenSpan.ToArray();
    }
}
