using HomeTelco.Host.Configuration;
using Microsoft.Extensions.Configuration;

namespace HomeTelco.IntegrationTests.Cli;

public sealed class SipAllowlistConfigurationTests
{
    [Fact]
    public void Read_AllowlistOfAddressesAndRanges_Parsed()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Sip:Allowlist"] = "192.168.1.0/24, 2001:db8::/48 10.0.0.9" }).Build();

        var options = BoxOptionsReader.Read(configuration);

        Assert.Equal(["192.168.1.0/24", "2001:db8::/48", "10.0.0.9"], options.SipAllowlist.Select(r => r.ToString()));
    }

    [Fact]
    public void Read_NoAllowlist_Empty()
    {
        Assert.Empty(BoxOptionsReader.Read(new ConfigurationBuilder().Build()).SipAllowlist);
    }

    [Fact]
    public void Read_BadAllowlistEntry_MessageNamesKeyAndEntry()
    {
        var configuration = new ConfigurationBuilder().AddCommandLine(["--sip-allowlist", "192.168.1.1/24"], ConfigurationKeys.Switches.ToDictionary()).Build();

        var ex = Assert.Throws<BoxConfigurationException>(() => BoxOptionsReader.Read(configuration));

        Assert.Contains("Sip:Allowlist = '192.168.1.1/24' (from command line --sip-allowlist)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("the range is 192.168.1.0/24", ex.Message, StringComparison.Ordinal);
    }
}
