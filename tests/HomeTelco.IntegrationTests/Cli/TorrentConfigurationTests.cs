using HomeTelco.Host.Configuration;
using Microsoft.Extensions.Configuration;

namespace HomeTelco.IntegrationTests.Cli;

public sealed class TorrentConfigurationTests
{
    [Fact]
    public void Read_Defaults_TorrentPortAndFoldersUnderData()
    {
        var data = Path.Combine(Path.GetTempPath(), "ht-torrent-config");
        var options = BoxOptionsReader.Read(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["DataDir"] = data }).Build());

        Assert.Equal(6881, options.TorrentPort);
        Assert.True(options.TorrentDht);
        Assert.Equal(Path.Combine(data, "downloads"), options.TorrentDownloadsDir);
        Assert.Equal(Path.Combine(data, "watch"), options.TorrentWatchDir);
        Assert.Equal((0L, 0L, "prefer"), (options.TorrentDownloadLimit, options.TorrentUploadLimit, options.TorrentEncryption));
    }

    [Fact]
    public void Read_SwitchesAndKeys_Applied()
    {
        var configuration = new ConfigurationBuilder()
            .AddCommandLine(["--torrent-port", "0", "--Torrent:Encryption", "Require", "--Torrent:DownloadLimit", "250000", "--Torrent:Dht", "false"], ConfigurationKeys.Switches.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal))
            .Build();

        var options = BoxOptionsReader.Read(configuration);

        Assert.Equal((0, "require", 250000L, false), (options.TorrentPort, options.TorrentEncryption, options.TorrentDownloadLimit, options.TorrentDht));
    }

    [Theory]
    [InlineData("Torrent:Encryption", "always", "\"prefer\", \"allow\", \"require\"")]
    [InlineData("Torrent:DownloadLimit", "-5", "a whole number from 0")]
    [InlineData("Ports:Torrent", "70000", "a port number")]
    [InlineData("Torrent:Dht", "maybe", "true or false")]
    [InlineData("Torrent:Lsd", "sometimes", "true or false")]
    public void Read_BadTorrentValue_MessageNamesKeyAndAllowed(string key, string value, string allowed)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();

        var ex = Assert.Throws<BoxConfigurationException>(() => BoxOptionsReader.Read(configuration));

        Assert.Contains($"{key} = '{value}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(allowed, ex.Message, StringComparison.Ordinal);
    }
}
