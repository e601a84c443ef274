using HomeTelco.Host.Configuration;
using HomeTelco.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace HomeTelco.IntegrationTests.Cli;

public sealed class ConfigurationErrorTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Run_BadEnvironmentVariable_MessageNamesTheVariable()
    {
        var env = new Dictionary<string, string> { ["HOMETELCO__Ports__Http"] = "eighty" };

        var result = await HostCli.RunAsync(null, env, "run", "--data", _folder.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Ports:Http = 'eighty' (from environment variable HOMETELCO__Ports__Http)", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_CommandLineBeatsEnvironment_LaterSourceWins()
    {
        var env = new Dictionary<string, string> { ["HOMETELCO__Ports__Http"] = "8081" };

        var result = await HostCli.RunAsync(null, env, "run", "--data", _folder.Path, "--http-port", "-1");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("from command line --http-port", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BadValueInJsonFile_MessageNamesTheFile()
    {
        var file = _folder.File("appsettings.json");
        File.WriteAllText(file, "{ \"Metrics\": { \"Public\": \"perhaps\" } }");
        var configuration = new ConfigurationBuilder().AddJsonFile(file).Build();

        var ex = Assert.Throws<BoxConfigurationException>(() => BoxOptionsReader.Read(configuration));

        Assert.Contains("Metrics:Public = 'perhaps'", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"file {file}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("true or false", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Defaults_PortsAndDataFolder()
    {
        var options = BoxOptionsReader.Read(new ConfigurationBuilder().Build());

        Assert.Equal(8080, options.HttpPort);
        Assert.Equal(8443, options.HttpsPort);
        Assert.Equal((5060, 5061, 30), (options.SipPort, options.SipsPort, options.SipKeepAliveSeconds));
        Assert.Equal(Path.GetFullPath("data"), options.DataDir);
        Assert.Null(options.ListenAddress);
    }

    [Theory]
    [InlineData("4")]
    [InlineData("3601")]
    [InlineData("-1")]
    [InlineData("half a minute")]
    public void Read_KeepAliveOutOfRange_MessageSaysWhatIsAllowed(string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Sip:KeepAliveSeconds", value)]).Build();

        var ex = Assert.Throws<BoxConfigurationException>(() => BoxOptionsReader.Read(configuration));

        Assert.Contains($"Sip:KeepAliveSeconds = '{value}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("from 5 to 3600, or 0 to turn this off", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, 20)]
    [InlineData("0", 0)]
    [InlineData("1", 1)]
    public void Read_ReleaseStartupPagesAfter_DefaultOffOrSeconds(string? value, int expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Memory:ReleaseStartupPagesAfterSeconds", value)]).Build();

        Assert.Equal(expected, BoxOptionsReader.Read(configuration).ReleaseStartupPagesAfterSeconds);
    }

    [Fact]
    public void Read_ReleaseStartupPagesAfterNotANumber_MessageSaysWhatIsAllowed()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Memory:ReleaseStartupPagesAfterSeconds", "soon")]).Build();

        var ex = Assert.Throws<BoxConfigurationException>(() => BoxOptionsReader.Read(configuration));

        Assert.Contains("Memory:ReleaseStartupPagesAfterSeconds = 'soon'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("from 1 to 3600, or 0 to turn this off", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, 8, 60)]
    [InlineData("0", "5", 0, 5)]
    [InlineData("64", "0", 64, 0)]
    public void Read_ActivityPageRelease_DefaultsAndValues(string? growth, string? check, int expectedGrowth, int expectedCheck)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new("Memory:ReleasePagesAfterGrowthMb", growth), new("Memory:PageCheckSeconds", check)])
            .Build();

        var options = BoxOptionsReader.Read(configuration);

        Assert.Equal(expectedGrowth, options.ReleasePagesAfterGrowthMb);
        Assert.Equal(expectedCheck, options.PageCheckSeconds);
    }

    [Theory]
    [InlineData("Memory:ReleasePagesAfterGrowthMb", "-1", "a whole number from 0 to 4096")]
    [InlineData("Memory:ReleasePagesAfterGrowthMb", "9000", "a whole number from 0 to 4096")]
    [InlineData("Memory:PageCheckSeconds", "often", "from 1 to 3600, or 0 to turn this off")]
    public void Read_ActivityPageReleaseOutOfRange_MessageSaysWhatIsAllowed(string key, string value, string allowed)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build();

        var ex = Assert.Throws<BoxConfigurationException>(() => BoxOptionsReader.Read(configuration));

        Assert.Contains($"{key} = '{value}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(allowed, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("5", 5)]
    [InlineData("3600", 3600)]
    public void Read_KeepAliveInRangeOrOff_Accepted(string value, int expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Sip:KeepAliveSeconds", value)]).Build();

        Assert.Equal(expected, BoxOptionsReader.Read(configuration).SipKeepAliveSeconds);
    }

    [Theory]
    [InlineData(null, new[] { "MD5" })]
    [InlineData("sha-256, md5", new[] { "SHA-256", "MD5" })]
    [InlineData("SHA-256", new[] { "SHA-256" })]
    public void Read_DigestAlgorithms_MD5ByDefaultOrTheListInOrder(string? value, string[] expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Sip:DigestAlgorithms", value)]).Build();

        Assert.Equal(expected, BoxOptionsReader.Read(configuration).SipDigestAlgorithms);
    }

    [Theory]
    [InlineData("SHA-512-256")]
    [InlineData("MD5,MD5")]
    [InlineData(",")]
    public void Read_DigestAlgorithmsUnknownOrRepeated_MessageSaysWhatIsAllowed(string value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Sip:DigestAlgorithms", value)]).Build();

        var ex = Assert.Throws<BoxConfigurationException>(() => BoxOptionsReader.Read(configuration));

        Assert.Contains($"Sip:DigestAlgorithms = '{value}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("\"MD5\", \"SHA-256\" or both", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SipsPortSwitch_SetsTheTlsPortAndIsNamedInErrors()
    {
        var switches = ConfigurationKeys.Switches.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var good = new ConfigurationBuilder().AddCommandLine(["--sips-port", "0"], switches).Build();
        var bad = new ConfigurationBuilder().AddCommandLine(["--sips-port", "70000"], switches).Build();

        Assert.Equal(0, BoxOptionsReader.Read(good).SipsPort);
        var ex = Assert.Throws<BoxConfigurationException>(() => BoxOptionsReader.Read(bad));
        Assert.Contains("Ports:Sips = '70000' (from command line --sips-port)", ex.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
