using System.Globalization;
using System.Runtime.InteropServices;
using HomeTelco.Core.Profiles;
using HomeTelco.Core.Settings;
using HomeTelco.Core.Store;

namespace HomeTelco.Host.Cli;

/// <summary>
/// <c>hometelco profile detect|show</c>: which hardware profile this machine gets and why. The first
/// line of <c>detect</c> is the bare profile name so install.sh can read it.
/// </summary>
internal static class ProfileCommand
{
    private const string Usage = """
        usage: hometelco profile detect [--proc <dir>] [--profiles <dir>] [--arch <x64|arm64|arm|...>]
               hometelco profile show [--data <dir>] [--profiles <dir>] [--profile <name>]
        """;

    public static int Run(CliArgs args, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        try
        {
            // "profile" itself may or may not be left in the positional list by the dispatcher.
            var sub = string.Equals(args.At(0), "profile", StringComparison.Ordinal) ? args.At(1) : args.At(0);
            switch (sub)
            {
                case "detect":
                    return Detect(args, console);
                case "show":
                    return Show(args, console);
                default:
                    console.Err.WriteLine(sub is null ? "profile: say detect or show." : $"profile: unknown subcommand '{sub}'.");
                    console.Err.WriteLine(Usage);
                    return 2;
            }
        }
        catch (CliException ex)
        {
            console.Err.WriteLine($"profile: {ex.Message}");
            return 2;
        }
        catch (ProfileException ex)
        {
            // A bad profile file or name is a configuration problem: 2, like the dispatcher's other ones.
            console.Err.WriteLine($"profile: {ex.Message}");
            return 2;
        }
    }

    private static int Detect(CliArgs args, CliConsole console)
    {
        var catalog = ProfileCatalog.Load(ProfilesDir(args));
        var facts = MachineFacts.Read(args.Option("proc") ?? "/proc", Architecture(args));
        var choice = ProfileDetector.Detect(facts, catalog);

        console.Out.WriteLine(choice.Profile.Name);
        console.Out.WriteLine($"reason: {choice.Reason}");
        WriteFacts(console.Out, facts);
        return 0;
    }

    private static int Show(CliArgs args, CliConsole console)
    {
        var catalog = ProfileCatalog.Load(ProfilesDir(args));
        var facts = MachineFacts.Read(args.Option("proc") ?? "/proc", Architecture(args));
        var configured = args.Option("profile");
        var dataDir = Path.GetFullPath(args.DataDir("./data"));
        var storeFile = Path.Combine(dataDir, HomeStore.FileName);

        ProfileChoice active;
        string source;
        if (!File.Exists(storeFile))
        {
            // Opening the store would create it (as whoever runs this, maybe root): only read an existing one.
            var service = ConfiguredWithoutStore(catalog, facts, configured, out var detected);
            active = service ?? detected;
            source = configured is null ? $"detected (no store at {storeFile} yet, so no portal override)" : "configuration (--profile)";
        }
        else
        {
            try
            {
                using var store = HomeStore.Open(dataDir);
                var service = new ProfileService(catalog, facts, new SettingsStore(store), configured);
                active = service.Active;
                source = configured is not null ? "configuration (--profile)" : active.Overridden ? "portal override" : "detected";
            }
            catch (StoreException ex)
            {
                // Usually the running box holds the store; detection still says what the box would pick.
                console.Err.WriteLine($"profile: cannot read the portal's override: {ex.Message}");
                active = ConfiguredWithoutStore(catalog, facts, configured, out var detected) ?? detected;
                source = configured is null ? "detected (portal override unknown)" : "configuration (--profile)";
            }
        }

        var p = active.Profile;
        console.Out.WriteLine(p.Name);
        console.Out.WriteLine($"source: {source}");
        console.Out.WriteLine($"reason: {active.Reason}");
        console.Out.WriteLine($"detected: {active.DetectedName}");
        console.Out.WriteLine($"description: {p.Description}");
        console.Out.WriteLine($"memory budget: {Mib(p.MemoryBudgetMb)} (GC heap hard limit)");
        console.Out.WriteLine($"transcodes at once: {Num(p.MaxConcurrentTranscodes)}{(p.MaxConcurrentTranscodes == 0 ? " (remux only)" : string.Empty)}");
        console.Out.WriteLine($"hardware acceleration: {p.HardwareAcceleration}");
        console.Out.WriteLine($"active torrents: {Num(p.MaxActiveTorrents)}");
        console.Out.WriteLine($"torrent peers: {Num(p.MaxTorrentPeers)}");
        console.Out.WriteLine($"torrent disk cache: {Mib(p.TorrentDiskCacheMb)}");
        console.Out.WriteLine($"media cache: {Mib(p.MediaCacheMb)}");
        console.Out.WriteLine($"SIP registrations: {Num(p.MaxSipRegistrations)}");
        console.Out.WriteLine($"SIP calls at once: {Num(p.MaxSipCalls)}");
        console.Out.WriteLine($"library scan parallelism: {Num(p.ScanParallelism)}");
        WriteFacts(console.Out, facts);
        return 0;
    }

    // Without a store there is no portal override: configuration, if given, else detection.
    private static ProfileChoice? ConfiguredWithoutStore(IReadOnlyList<HardwareProfile> catalog, MachineFacts facts, string? configured, out ProfileChoice detected)
    {
        detected = ProfileDetector.Detect(facts, catalog);
        if (configured is null)
        {
            return null;
        }

        var profile = catalog.FirstOrDefault(p => string.Equals(p.Name, configured, StringComparison.OrdinalIgnoreCase))
            ?? throw new ProfileException($"The configured hardware profile '{configured}' (option --profile) is not installed; known profiles: {string.Join(", ", catalog.Select(p => p.Name))}.");
        return new ProfileChoice(profile, $"{profile.Name} is set by --profile, which wins over detection ({detected.Profile.Name}).", detected.Profile.Name, Overridden: true);
    }

    private static void WriteFacts(TextWriter output, MachineFacts facts)
    {
        output.WriteLine($"architecture: {ProfileDetector.ArchitectureName(facts.Architecture)}");
        output.WriteLine($"memory: {ProfileDetector.FormatMemory(facts.MemoryBytes)} ({facts.MemoryBytes.ToString(CultureInfo.InvariantCulture)} bytes)");
        output.WriteLine($"cpus: {Num(facts.CpuCount)}");
        output.WriteLine($"cpu model: {facts.CpuModel}");
    }

    private static string ProfilesDir(CliArgs args) =>
        args.Option("profiles") ?? Path.Combine(AppContext.BaseDirectory, "hardware-profiles");

    private static Architecture? Architecture(CliArgs args)
    {
        var text = args.Option("arch");
        if (text is null)
        {
            return null;
        }

        return Enum.TryParse<Architecture>(text, ignoreCase: true, out var arch) && Enum.IsDefined(arch)
            ? arch
            : throw new CliException($"--arch '{text}' is not an architecture; use one of {string.Join(", ", Enum.GetNames<Architecture>().Select(n => n.ToLowerInvariant()))}");
    }

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Mib(int value) => $"{Num(value)} MiB";
}
