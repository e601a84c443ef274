using System.Globalization;
using System.Net;
using HomeTelco.Core.Settings;
using HomeTelco.Core.SipSecurity;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Configuration.Memory;

namespace HomeTelco.Host.Configuration;

/// <summary>
/// Reads and validates <see cref="BoxOptions"/>. A bad value fails with one message that names the
/// key, where the value came from (which file, variable or switch) and what is allowed.
/// </summary>
internal static class BoxOptionsReader
{
    public static BoxOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var reader = new Reader(configuration);
        var dataDir = reader.Path(ConfigurationKeys.DataDir, BoxOptions.DefaultDataDir);
        return new BoxOptions
        {
            DataDir = dataDir,
            ListenAddress = reader.Address(ConfigurationKeys.ListenAddress),
            HttpPort = reader.Port(ConfigurationKeys.HttpPort, 8080),
            HttpsPort = reader.Port(ConfigurationKeys.HttpsPort, 8443),
            SipPort = reader.Port(ConfigurationKeys.SipPort, 5060),
            SipAllowlist = reader.Ranges(ConfigurationKeys.SipAllowlist),
            SipsPort = reader.Port(ConfigurationKeys.SipsPort, 5061),
            SipKeepAliveSeconds = reader.Interval(ConfigurationKeys.SipKeepAliveSeconds, 30, 5, 3600),
            SipDigestAlgorithms = reader.DigestAlgorithms(ConfigurationKeys.SipDigestAlgorithms),
            TorrentPort = reader.Port(ConfigurationKeys.TorrentPort, 6881),
            TorrentDht = reader.Bool(ConfigurationKeys.TorrentDht, true),
            TorrentLsd = reader.Bool(ConfigurationKeys.TorrentLsd, true),
            TorrentDownloadsDir = reader.Path(ConfigurationKeys.TorrentDownloadsDir, System.IO.Path.Combine(dataDir, "downloads")),
            TorrentWatchDir = reader.Path(ConfigurationKeys.TorrentWatchDir, System.IO.Path.Combine(dataDir, "watch")),
            TorrentIncompleteDir = reader.Path(ConfigurationKeys.TorrentIncompleteDir, System.IO.Path.Combine(dataDir, "incomplete")),
            TorrentDownloadLimit = reader.Long(ConfigurationKeys.TorrentDownloadLimit, 0, 0, 1L << 40),
            TorrentUploadLimit = reader.Long(ConfigurationKeys.TorrentUploadLimit, 0, 0, 1L << 40),
            TorrentEncryption = reader.Choice(ConfigurationKeys.TorrentEncryption, "prefer", ["prefer", "allow", "require"]),
            Profile = reader.Text(ConfigurationKeys.Profile),
            ProfilesDir = reader.Path(ConfigurationKeys.ProfilesDir, System.IO.Path.Combine(AppContext.BaseDirectory, "hardware-profiles")),
            ApplyMemoryBudget = reader.Bool(ConfigurationKeys.ApplyMemoryBudget, true),
            ReleaseStartupPagesAfterSeconds = reader.Interval(ConfigurationKeys.ReleaseStartupPagesAfterSeconds, 20, 1, 3600),
            ReleasePagesAfterGrowthMb = (int)reader.Long(ConfigurationKeys.ReleasePagesAfterGrowthMb, 8, 0, 4096),
            PageCheckSeconds = reader.Interval(ConfigurationKeys.PageCheckSeconds, 60, 1, 3600),
            BoxName = reader.Label(ConfigurationKeys.BoxName, "hometelco"),
            MaxRequestBodyBytes = reader.Long(ConfigurationKeys.MaxRequestBodyBytes, 1024 * 1024, 4096, 1L << 34),
            PublicMetrics = reader.Bool(ConfigurationKeys.PublicMetrics, false),
        };
    }

    /// <summary>Where the value of <paramref name="key"/> came from, in words a person can act on.</summary>
    public static string SourceOf(IConfiguration configuration, string key)
    {
        if (configuration is IConfigurationRoot root)
        {
            foreach (var provider in root.Providers.Reverse())
            {
                if (provider.TryGet(key, out _))
                {
                    return Describe(provider, key);
                }
            }
        }

        return "configuration";
    }

    private static string Describe(IConfigurationProvider provider, string key) => provider switch
    {
        JsonConfigurationProvider json => $"file {json.Source.FileProvider?.GetFileInfo(json.Source.Path ?? "").PhysicalPath ?? json.Source.Path}",
        EnvironmentVariablesConfigurationProvider => $"environment variable {ConfigurationKeys.EnvironmentPrefix}{key.Replace(":", "__", StringComparison.Ordinal)}",
        CommandLineConfigurationProvider => SwitchFor(key) is { } s ? $"command line {s}" : $"command line --{key}",
        MemoryConfigurationProvider => "settings given by the caller",
        _ => provider.GetType().Name,
    };

    private static string? SwitchFor(string key) =>
        ConfigurationKeys.Switches.FirstOrDefault(p => string.Equals(p.Value, key, StringComparison.OrdinalIgnoreCase)).Key;

    private sealed class Reader(IConfiguration configuration)
    {
        public string? Text(string key)
        {
            var value = configuration[key];
            return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        }

        public int Port(string key, int fallback)
        {
            var value = Text(key);
            if (value is null)
            {
                return fallback;
            }

            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
            {
                throw Bad(key, value, "a port number from 1 to 65535, or 0 to turn this listener off");
            }

            return port;
        }

        public long Long(string key, long fallback, long min, long max)
        {
            var value = Text(key);
            if (value is null)
            {
                return fallback;
            }

            if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
            {
                throw Bad(key, value, $"a whole number from {min} to {max}");
            }

            return number;
        }

        /// <summary>A comma-separated list of "MD5" and "SHA-256", in the order the challenges are offered.</summary>
        public string[] DigestAlgorithms(string key)
        {
            var value = Text(key);
            if (value is null)
            {
                return ["MD5"];
            }

            var names = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var known = names.Select(n => n.ToUpperInvariant()).ToArray();
            if (known.Length == 0 || known.Any(n => n is not ("MD5" or "SHA-256")) || known.Distinct().Count() != known.Length)
            {
                throw Bad(key, value, "\"MD5\", \"SHA-256\" or both separated by a comma, in the order to offer them");
            }

            return known;
        }

        /// <summary>Seconds between periodic actions: 0 turns them off, else <paramref name="min"/> to <paramref name="max"/>.</summary>
        public int Interval(string key, int fallback, int min, int max)
        {
            var value = Text(key);
            if (value is null)
            {
                return fallback;
            }

            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || (seconds != 0 && (seconds < min || seconds > max)))
            {
                throw Bad(key, value, $"a number of seconds from {min} to {max}, or 0 to turn this off");
            }

            return seconds;
        }

        /// <summary>One of <paramref name="allowed"/> (any case), returned in lower case.</summary>
        public string Choice(string key, string fallback, string[] allowed)
        {
            var value = Text(key);
            if (value is null)
            {
                return fallback;
            }

            var lower = value.ToLowerInvariant();
            return allowed.Contains(lower, StringComparer.Ordinal) ? lower : throw Bad(key, value, string.Join(", ", allowed.Select(a => $"\"{a}\"")));
        }

        public bool Bool(string key, bool fallback)
        {
            var value = Text(key);
            if (value is null)
            {
                return fallback;
            }

            return bool.TryParse(value, out var flag) ? flag : throw Bad(key, value, "true or false");
        }

        public IPAddress? Address(string key)
        {
            var value = Text(key);
            if (value is null || value is "*" or "any")
            {
                return null;
            }

            return IPAddress.TryParse(value, out var address) ? address : throw Bad(key, value, "an IPv4 or IPv6 address of this machine, or * for all");
        }

        public IpRange[] Ranges(string key)
        {
            var value = Text(key);
            if (value is null)
            {
                return [];
            }

            var ranges = new List<IpRange>();
            foreach (var item in value.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries))
            {
                ranges.Add(IpRange.TryParse(item, out var range, out var error)
                    ? range
                    : throw Bad(key, value, $"addresses or CIDR ranges separated by commas, such as 192.168.1.0/24, 2001:db8::/48 ({error})"));
            }

            return [.. ranges];
        }

        public string Path(string key, string fallback)
        {
            var value = Text(key) ?? fallback;
            if (value.IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0)
            {
                throw Bad(key, value, "a folder path");
            }

            return System.IO.Path.GetFullPath(value);
        }

        public string Label(string key, string fallback)
        {
            var value = Text(key) ?? fallback;
            return HostLabel.IsValid(value) ? value.ToLowerInvariant() : throw Bad(key, value, "a host name label: 1 to 63 letters, digits or '-', not starting or ending with '-'");
        }

        private BoxConfigurationException Bad(string key, string value, string allowed) =>
            new($"Configuration error: {key} = '{value}' (from {SourceOf(configuration, key)}) is not allowed; expected {allowed}.");
    }
}
