using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace HomeTelco.Sip.Transport;

/// <summary>
/// The STUN server a phone may use on the SIP port to keep its UDP flow's NAT binding open and learn its public address
/// (RFC 5626 §4.4.2, STUN as RFC 5389 defines it): a Binding request is answered with a success response carrying
/// XOR-MAPPED-ADDRESS, the address the request came from. STUN and SIP share the port because a STUN message starts with
/// two zero bits and a SIP message with a letter. No authentication, no other methods, no allocation.
/// </summary>
internal static class SipStun
{
    public const int HeaderLength = 20;

    /// <summary>A success response with an IPv6 XOR-MAPPED-ADDRESS: header, attribute header, 20 bytes of value.</summary>
    public const int MaxResponseLength = HeaderLength + 4 + 20;

    private const uint MagicCookie = 0x2112A442;
    private const ushort BindingRequest = 0x0001;
    private const ushort BindingSuccess = 0x0101;
    private const ushort XorMappedAddress = 0x0020;

    /// <summary>True for anything shaped like an RFC 5389 STUN message (requests, indications, responses): never a SIP message.</summary>
    public static bool IsStun(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= HeaderLength
        && (datagram[0] & 0xC0) == 0
        && BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]) == MagicCookie
        && BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]) is var length
        && length % 4 == 0
        && length == datagram.Length - HeaderLength;

    /// <summary>True for a Binding request (the one STUN message the box answers).</summary>
    public static bool IsBindingRequest(ReadOnlySpan<byte> datagram) =>
        IsStun(datagram) && BinaryPrimitives.ReadUInt16BigEndian(datagram) == BindingRequest;

    /// <summary>
    /// Writes the Binding success response to <paramref name="request"/> telling <paramref name="source"/> its address;
    /// returns the length (at most <see cref="MaxResponseLength"/>).
    /// </summary>
    public static int WriteBindingSuccess(ReadOnlySpan<byte> request, IPEndPoint source, Span<byte> response)
    {
        ArgumentNullException.ThrowIfNull(source);
        var ipv6 = source.AddressFamily == AddressFamily.InterNetworkV6;
        var valueLength = ipv6 ? 20 : 8;
        var length = HeaderLength + 4 + valueLength;
        if (response.Length < length)
        {
            throw new ArgumentException("The response buffer is too small for a STUN Binding response.", nameof(response));
        }

        // Header: type, attribute bytes, magic cookie, the request's transaction id.
        BinaryPrimitives.WriteUInt16BigEndian(response, BindingSuccess);
        BinaryPrimitives.WriteUInt16BigEndian(response[2..], (ushort)(4 + valueLength));
        BinaryPrimitives.WriteUInt32BigEndian(response[4..], MagicCookie);
        request.Slice(8, 12).CopyTo(response[8..]);

        // XOR-MAPPED-ADDRESS (RFC 5389 §15.2): port XORed with the cookie's top half, address with the cookie (then the
        // transaction id for IPv6), so that NATs rewriting addresses they see in payloads leave it alone.
        var attribute = response[HeaderLength..];
        BinaryPrimitives.WriteUInt16BigEndian(attribute, XorMappedAddress);
        BinaryPrimitives.WriteUInt16BigEndian(attribute[2..], (ushort)valueLength);
        attribute[4] = 0;
        attribute[5] = ipv6 ? (byte)0x02 : (byte)0x01;
        BinaryPrimitives.WriteUInt16BigEndian(attribute[6..], (ushort)(source.Port ^ (MagicCookie >> 16)));
        var address = attribute.Slice(8, ipv6 ? 16 : 4);
        if (!source.Address.TryWriteBytes(address, out _))
        {
            throw new ArgumentException("The source address cannot be written.", nameof(source));
        }

        // The cookie and transaction id as they sit in the response header, bytes 4 to 20.
        var mask = response.Slice(4, 16);
        for (var i = 0; i < address.Length; i++)
        {
            address[i] ^= mask[i];
        }

        return length;
    }
}
