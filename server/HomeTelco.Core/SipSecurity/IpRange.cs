using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace HomeTelco.Core.SipSecurity;

/// <summary>
/// An IP address or CIDR range, held as a 128-bit network and prefix in one space: IPv4 lives at
/// <c>::ffff:a.b.c.d</c> (RFC 4291 §2.5.5.2), so an IPv4 source seen on a dual-stack socket and the same
/// address typed by an admin are one key. Parsing is strict (four decimal octets, no leading zeros, no host
/// bits beyond the prefix) because a ban list is no place for "what did the parser make of that?".
/// </summary>
public readonly record struct IpRange
{
    private const int MappedPrefix = 96;
    private static readonly UInt128 MappedMarker = (UInt128)0xffff << 32;

    private IpRange(UInt128 network, int prefixLength)
    {
        Network = network;
        PrefixLength = prefixLength;
    }

    /// <summary>The first address of the range in the 128-bit space.</summary>
    public UInt128 Network { get; }

    /// <summary>Prefix length in the 128-bit space (an IPv4 /24 is 120 here).</summary>
    public int PrefixLength { get; }

    /// <summary>True when the range is IPv4 (inside <c>::ffff:0:0/96</c>).</summary>
    public bool IsIPv4 => PrefixLength >= MappedPrefix && (Network & ~(UInt128)uint.MaxValue) == MappedMarker;

    /// <summary>True for one address rather than a range.</summary>
    public bool IsSingleAddress => PrefixLength == 128;

    /// <summary>The prefix as an admin writes it: 0-32 for IPv4, 0-128 for IPv6.</summary>
    public int DisplayPrefixLength => IsIPv4 ? PrefixLength - MappedPrefix : PrefixLength;

    /// <summary>The 128-bit key of an address, without allocating (IPv4 and IPv4-mapped IPv6 give the same key).</summary>
    public static UInt128 KeyOf(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[16];
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            address.TryWriteBytes(bytes[12..], out _);
            return MappedMarker | BinaryPrimitives.ReadUInt32BigEndian(bytes[12..]);
        }

        address.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }

    /// <summary>The range holding exactly <paramref name="address"/>.</summary>
    public static IpRange Of(IPAddress address) => new(KeyOf(address), 128);

    /// <summary>The range holding exactly the address with key <paramref name="key"/>.</summary>
    public static IpRange Of(UInt128 key) => new(key, 128);

    public bool Contains(UInt128 key) => (key & Mask(PrefixLength)) == Network;

    public bool Contains(IPAddress address) => Contains(KeyOf(address));

    /// <summary>
    /// Parses <c>203.0.113.7</c>, <c>203.0.113.0/24</c>, <c>2001:db8::1</c> or <c>2001:db8::/48</c>;
    /// on failure <paramref name="error"/> says what is wrong in words an admin can act on.
    /// </summary>
    public static bool TryParse(string? text, out IpRange range, out string? error)
    {
        range = default;
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            error = "Give an IPv4 or IPv6 address, or a CIDR range such as 203.0.113.0/24.";
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text : text[..slash];
        if (!TryParseAddress(addressText, out var key, out var isIPv4))
        {
            error = $"'{Shorten(text)}' is not an IP address or CIDR range (examples: 203.0.113.7, 203.0.113.0/24, 2001:db8::/48).";
            return false;
        }

        if (isIPv4 && slash >= 0 && addressText.Contains(':', StringComparison.Ordinal))
        {
            error = $"Write IPv4 ranges as a.b.c.d/n, not '{Shorten(text)}'.";
            return false;
        }

        var maxPrefix = isIPv4 ? 32 : 128;
        var prefix = maxPrefix;
        if (slash >= 0)
        {
            var prefixText = text[(slash + 1)..];
            if (prefixText.Length is 0 or > 3 || !prefixText.All(char.IsAsciiDigit)
                || !int.TryParse(prefixText, NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > maxPrefix)
            {
                error = $"'{Shorten(text)}' has a bad prefix length: use /0 to /{maxPrefix} for {(isIPv4 ? "IPv4" : "IPv6")}.";
                return false;
            }
        }

        var fullPrefix = isIPv4 ? prefix + MappedPrefix : prefix;
        var network = key & Mask(fullPrefix);
        if (network != key)
        {
            var suggestion = new IpRange(network, fullPrefix);
            error = $"{Shorten(text)} has address bits set beyond the /{prefix} prefix; the range is {suggestion}.";
            return false;
        }

        range = new IpRange(network, fullPrefix);
        error = null;
        return true;
    }

    /// <summary>Canonical text: the plain address for one address, else <c>network/prefix</c>.</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, Network);
        var address = IsIPv4 ? new IPAddress(bytes[12..]) : new IPAddress(bytes);
        return IsSingleAddress ? address.ToString() : $"{address}/{DisplayPrefixLength.ToString(CultureInfo.InvariantCulture)}";
    }

    private static UInt128 Mask(int prefixLength) => prefixLength == 0 ? UInt128.Zero : UInt128.MaxValue << (128 - prefixLength);

    private static bool TryParseAddress(string text, out UInt128 key, out bool isIPv4)
    {
        key = default;
        isIPv4 = false;
        if (text.Contains(':', StringComparison.Ordinal))
        {
            // Zone ids (fe80::1%eth0) name an interface of this machine, not a source on the network.
            if (text.Contains('%', StringComparison.Ordinal) || !IPAddress.TryParse(text, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }

            key = KeyOf(v6);
            isIPv4 = v6.IsIPv4MappedToIPv6;
            return true;
        }

        // IPAddress.Parse takes "1", "0x7f.1" and "010.1.1.1" (octal); a ban list takes four decimal octets only.
        uint value = 0;
        var octets = 0;
        foreach (var part in text.Split('.'))
        {
            if (part.Length is 0 or > 3 || !part.All(char.IsAsciiDigit) || (part.Length > 1 && part[0] == '0')
                || !int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var octet) || octet > 255)
            {
                return false;
            }

            value = (value << 8) | (uint)octet;
            octets++;
        }

        if (octets != 4)
        {
            return false;
        }

        key = MappedMarker | value;
        isIPv4 = true;
        return true;
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
