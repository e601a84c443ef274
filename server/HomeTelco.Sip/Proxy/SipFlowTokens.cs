using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Proxy;

/// <summary>
/// Flow tokens in the manner of RFC 5626 §5.2: the transport, address, port and connection of one or two flows, signed
/// with HMAC-SHA256 under a key only this process knows and written as base64url (a valid SIP URI user part). The
/// proxy puts them in its Record-Route and Via entries so that later requests and stray responses go back over the
/// flow a NAT'd phone really uses, without a table to remember it; a token that does not verify was made up or
/// altered and is refused.
/// </summary>
internal sealed class SipFlowTokens
{
    public const int KeyLength = 32;
    private const byte FormatVersion = 1;
    private const int MacLength = 16;
    private const int MaxFlows = 2;

    // Version, count, then per flow: transport, address length, address (16 at most), port, connection flag and id.
    private const int MaxPayload = 2 + (MaxFlows * (1 + 1 + 16 + 2 + 1 + 8));

    private readonly byte[] _key;

    public SipFlowTokens(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < KeyLength)
        {
            throw new ArgumentException($"A flow token key has at least {KeyLength} bytes.", nameof(key));
        }

        _key = key.ToArray();
    }

    /// <summary>Tokens that verify only within this process: a restart ends the flows they name anyway.</summary>
    public static SipFlowTokens CreateRandom() => new(RandomNumberGenerator.GetBytes(KeyLength));

    public string Create(SipEndPoint flow) => Create([flow]);

    /// <summary>A token naming one or two flows, in order.</summary>
    public string Create(ReadOnlySpan<SipEndPoint> flows)
    {
        if (flows.Length is 0 or > MaxFlows)
        {
            throw new ArgumentException($"A flow token names 1 to {MaxFlows} flows.", nameof(flows));
        }

        Span<byte> buffer = stackalloc byte[MaxPayload + MacLength];
        buffer[0] = FormatVersion;
        buffer[1] = (byte)flows.Length;
        var length = 2;
        foreach (var flow in flows)
        {
            length += WriteFlow(flow, buffer[length..]);
        }

        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, buffer[..length], mac);
        mac[..MacLength].CopyTo(buffer[length..]);
        return Base64Url.EncodeToString(buffer[..(length + MacLength)]);
    }

    /// <summary>The flows a token names; false when it is not a token this process signed.</summary>
    public bool TryRead(string? token, out SipEndPoint[] flows)
    {
        flows = [];
        if (string.IsNullOrEmpty(token) || token.Length > Base64Url.GetEncodedLength(MaxPayload + MacLength))
        {
            return false;
        }

        Span<byte> buffer = stackalloc byte[MaxPayload + MacLength];
        // The OperationStatus form: the Try form throws on characters outside the alphabet, and anyone can send those.
        if (Base64Url.DecodeFromChars(token, buffer, out _, out var written) != OperationStatus.Done || written < 2 + MacLength)
        {
            return false;
        }

        var payload = buffer[..(written - MacLength)];
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, payload, mac);
        if (!CryptographicOperations.FixedTimeEquals(mac[..MacLength], buffer.Slice(written - MacLength, MacLength)))
        {
            return false;
        }

        // Signed by us, so well formed unless the format changed under a key that did not; still checked strictly.
        if (payload[0] != FormatVersion || payload[1] is 0 or > MaxFlows)
        {
            return false;
        }

        var read = new SipEndPoint[payload[1]];
        var offset = 2;
        for (var i = 0; i < read.Length; i++)
        {
            var consumed = ReadFlow(payload[offset..], out var flow);
            if (consumed == 0)
            {
                return false;
            }

            read[i] = flow!;
            offset += consumed;
        }

        if (offset != payload.Length)
        {
            return false;
        }

        flows = read;
        return true;
    }

    private static int WriteFlow(SipEndPoint flow, Span<byte> destination)
    {
        destination[0] = (byte)flow.Transport;
        var address = flow.EndPoint.Address;
        if (!address.TryWriteBytes(destination[2..], out var addressLength))
        {
            throw new ArgumentException("Unexpected address size.", nameof(flow));
        }

        destination[1] = (byte)addressLength;
        var pos = 2 + addressLength;
        BinaryPrimitives.WriteUInt16BigEndian(destination[pos..], (ushort)flow.EndPoint.Port);
        pos += 2;
        if (flow.ConnectionId is { } connection)
        {
            destination[pos++] = 1;
            BinaryPrimitives.WriteInt64BigEndian(destination[pos..], connection);
            pos += 8;
        }
        else
        {
            destination[pos++] = 0;
        }

        return pos;
    }

    private static int ReadFlow(ReadOnlySpan<byte> source, out SipEndPoint? flow)
    {
        flow = null;
        if (source.Length < 2 || !Enum.IsDefined((SipTransportKind)source[0]) || source[1] is not (4 or 16))
        {
            return 0;
        }

        var addressLength = source[1];
        var pos = 2 + addressLength;
        if (source.Length < pos + 3)
        {
            return 0;
        }

        var address = new IPAddress(source.Slice(2, addressLength));
        var port = BinaryPrimitives.ReadUInt16BigEndian(source[pos..]);
        pos += 2;
        long? connection = null;
        switch (source[pos++])
        {
            case 0:
                break;
            case 1 when source.Length >= pos + 8:
                connection = BinaryPrimitives.ReadInt64BigEndian(source[pos..]);
                pos += 8;
                break;
            default:
                return 0;
        }

        flow = new SipEndPoint((SipTransportKind)source[0], new IPEndPoint(address, port), connection);
        return pos;
    }
}
