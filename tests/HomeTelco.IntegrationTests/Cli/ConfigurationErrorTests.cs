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
        Assert.Equal(Path.GetFullPath("data"), options.DataDir);
        Assert.Null(options.ListenAddress);
    }

    public void Dispose() => _folder.Dispose();
}
