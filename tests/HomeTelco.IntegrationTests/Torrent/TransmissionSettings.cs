using System.Text.Json;

namespace HomeTelco.IntegrationTests.Torrent;

/// <summary>
/// settings.json for a transmission-cli in a test: DHT, local discovery, PEX, µTP, port mapping and RPC off, so it
/// finds and is found by only what the test gives it, with its peer socket on one loopback address.
/// </summary>
internal static class TransmissionSettings
{
    /// <summary>Writes the settings into <paramref name="configDir"/> (transmission-cli's <c>-g</c>).</summary>
    /// <param name="configDir">The config folder.</param>
    /// <param name="address">The loopback address its peer socket binds.</param>
    /// <param name="port">Its peer port.</param>
    /// <param name="encryption">0 prefer plain, 1 prefer encrypted, 2 require encrypted.</param>
    /// <param name="messageLevel">1 errors only, 3 debug (what a failing test wants to see).</param>
    /// <param name="renamePartialFiles">Name unfinished files *.part (transmission's own default).</param>
    public static void Write(string configDir, string address, int port, int encryption = 1, int messageLevel = 1, bool renamePartialFiles = true)
    {
        var settings = new Dictionary<string, object>
        {
            ["dht-enabled"] = false,
            ["lpd-enabled"] = false,
            ["pex-enabled"] = false,
            ["utp-enabled"] = false,
            ["port-forwarding-enabled"] = false,
            ["rpc-enabled"] = false,
            ["bind-address-ipv4"] = address,
            ["bind-address-ipv6"] = "::1",
            ["peer-port"] = port,
            ["encryption"] = encryption,
            ["message-level"] = messageLevel,
            ["rename-partial-files"] = renamePartialFiles,
        };
        File.WriteAllText(Path.Combine(configDir, "settings.json"), JsonSerializer.Serialize(settings));
    }
}
