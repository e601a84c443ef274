using System.Net;
using HomeTelco.Core.SipSecurity;

namespace HomeTelco.Core.Tests.SipSecurity;

public sealed class IpRangeTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7", true, true)]
    [InlineData(" 203.0.113.0/24 ", "203.0.113.0/24", false, true)]
    [InlineData("203.0.113.7/32", "203.0.113.7", true, true)]
    [InlineData("0.0.0.0/0", "0.0.0.0/0", false, true)]
    [InlineData("2001:db8::1", "2001:db8::1", true, false)]
    [InlineData("2001:DB8:0:0::/48", "2001:db8::/48", false, false)]
    [InlineData("::ffff:198.51.100.9", "198.51.100.9", true, true)]
    public void TryParse_GoodText_CanonicalForm(string text, string canonical, bool oneAddress, bool ipv4)
    {
        Assert.True(IpRange.TryParse(text, out var range, out var error), error);

        Assert.Equal(canonical, range.ToString());
        Assert.Equal(oneAddress, range.IsSingleAddress);
        Assert.Equal(ipv4, range.IsIPv4);
    }

    [Theory]
    [InlineData(null, "Give an IPv4 or IPv6 address")]
    [InlineData("", "Give an IPv4 or IPv6 address")]
    [InlineData("1", "is not an IP address")]
    [InlineData("0x7f.0.0.1", "is not an IP address")]
    [InlineData("010.0.0.1", "is not an IP address")]
    [InlineData("256.1.1.1", "is not an IP address")]
    [InlineData("1.2.3", "is not an IP address")]
    [InlineData("1.2.3.4.5", "is not an IP address")]
    [InlineData("example.com", "is not an IP address")]
    [InlineData("fe80::1%eth0", "is not an IP address")]
    [InlineData("10.0.0.0/33", "bad prefix length: use /0 to /32")]
    [InlineData("10.0.0.0/", "bad prefix length")]
    [InlineData("10.0.0.0/+8", "bad prefix length")]
    [InlineData("2001:db8::/129", "use /0 to /128 for IPv6")]
    [InlineData("10.1.2.3/8", "the range is 10.0.0.0/8")]
    [InlineData("::ffff:10.0.0.0/104", "Write IPv4 ranges as a.b.c.d/n")]
    public void TryParse_BadText_RefusedWithReason(string? text, string reason)
    {
        Assert.False(IpRange.TryParse(text, out _, out var error));

        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyOf_IPv4AndMappedIPv6_SameKey()
    {
        var v4 = IPAddress.Parse("192.0.2.10");

        Assert.Equal(IpRange.KeyOf(v4), IpRange.KeyOf(v4.MapToIPv6()));
        Assert.NotEqual(IpRange.KeyOf(v4), IpRange.KeyOf(IPAddress.Parse("192.0.2.11")));
    }

    [Theory]
    [InlineData("192.0.2.0/24", "192.0.2.0", true)]
    [InlineData("192.0.2.0/24", "192.0.2.255", true)]
    [InlineData("192.0.2.0/24", "192.0.3.0", false)]
    [InlineData("0.0.0.0/0", "8.8.8.8", true)]
    [InlineData("0.0.0.0/0", "2001:db8::1", false)]
    [InlineData("2001:db8::/32", "2001:db8:ffff::1", true)]
    [InlineData("2001:db8::/32", "2001:db9::1", false)]
    [InlineData("127.0.0.2", "127.0.0.2", true)]
    [InlineData("127.0.0.2", "127.0.0.3", false)]
    public void Contains_AddressInsideOrOutside(string range, string address, bool inside)
    {
        Assert.True(IpRange.TryParse(range, out var parsed, out _));

        Assert.Equal(inside, parsed.Contains(IPAddress.Parse(address)));
        Assert.Equal(inside, parsed.Contains(IPAddress.Parse(address).MapToIPv6()));
    }
}
