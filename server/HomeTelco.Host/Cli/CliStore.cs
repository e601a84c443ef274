using HomeTelco.Core;
using HomeTelco.Core.Extensions;
using HomeTelco.Core.Security;
using HomeTelco.Core.Settings;
using HomeTelco.Core.Store;
using HomeTelco.Core.Users;
using HomeTelco.Host.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace HomeTelco.Host.Cli;

/// <summary>
/// The store and services a CLI command works on, opened from the same configuration the box reads
/// (appsettings.json, HOMETELCO__ variables, then <c>--data</c>), so a command and the box agree on
/// where the data is.
/// </summary>
internal sealed class CliStore : IDisposable
{
    private CliStore(HomeStore store, BoxPaths paths)
    {
        Store = store;
        Paths = paths;
        Settings = new SettingsStore(store);
        Users = new UserService(store, TimeProvider.System);
        Tokens = new ApiTokenService(store, Users, TimeProvider.System);
        Setup = new FirstRunSetup(paths, Users, Settings, TimeProvider.System, NullLogger<FirstRunSetup>.Instance);
        Extensions = new ExtensionService(store, Settings, TimeProvider.System);
        Backups = new BackupService(store, TimeProvider.System, [Extensions]);
    }

    public HomeStore Store { get; }

    public BoxPaths Paths { get; }

    public SettingsStore Settings { get; }

    public UserService Users { get; }

    public ApiTokenService Tokens { get; }

    public FirstRunSetup Setup { get; }

    public ExtensionService Extensions { get; }

    public BackupService Backups { get; }

    public static CliStore Open(CliArgs args) => Open(DataDir(args));

    public static CliStore Open(string dataDir)
    {
        var paths = new BoxPaths(dataDir);
        return new CliStore(HomeStore.Open(paths.DataDir), paths);
    }

    /// <summary>The data folder as the box would see it with these arguments.</summary>
    public static string DataDir(CliArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables(ConfigurationKeys.EnvironmentPrefix)
            .Build();
        var configured = args.Option("data") ?? configuration[ConfigurationKeys.DataDir];
        return Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? BoxOptions.DefaultDataDir : configured);
    }

    /// <summary>Reads a password from a file (first line) or from stdin for "-"; never from the command line.</summary>
    public static string ReadPassword(CliArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var source = args.Required("password-file", "file, or - for stdin");
        string? line;
        try
        {
            line = source == "-" ? Console.In.ReadLine() : File.ReadLines(source).FirstOrDefault();
        }
        catch (IOException ex)
        {
            throw new CliException($"cannot read the password file {source}: {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new CliException($"cannot read the password file {source}: {ex.Message}", ex);
        }

        return line?.TrimEnd('\r', '\n') ?? throw new CliException($"the password file {source} is empty");
    }

    public void Dispose() => Store.Dispose();
}
