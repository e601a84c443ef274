using HomeTelco.Core;
using HomeTelco.Core.Profiles;
using HomeTelco.Core.Store;
using HomeTelco.Host.Composition;
using HomeTelco.Host.Configuration;

namespace HomeTelco.Host.Cli;

/// <summary>
/// Dispatches <c>hometelco &lt;command&gt; ...</c>. With no command, or only options, it runs the box.
/// Results go to stdout; errors to stderr with exit code 1 (refused) or 2 (bad call or configuration).
/// </summary>
internal static class CommandLine
{
    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var console = new CliConsole(Console.Out, Console.Error);
        var runsBox = args.Length == 0 || (args[0].StartsWith('-') && args[0] is not ("--help" or "-h"));
        var command = runsBox ? "run" : args[0];
        var rest = runsBox ? args : args[1..];
        try
        {
            return command switch
            {
                "run" => await RunBoxAsync(rest).ConfigureAwait(false),
                "setup" => SetupCommand.Run(new CliArgs(rest), console),
                "user" => UserCommand.Run(new CliArgs(rest), console),
                "token" => TokenCommand.Run(new CliArgs(rest), console),
                "ext" => ExtensionCommand.Run(new CliArgs(rest), console),
                "backup" => BackupCommand.Backup(new CliArgs(rest), console),
                "restore" => BackupCommand.Restore(new CliArgs(rest), console),
                "profile" => ProfileCommand.Run(new CliArgs(rest), console),
                "help" or "--help" or "-h" => Help(console),
                _ => Fail(console, $"unknown command '{command}'. Run 'hometelco help'.", 2),
            };
        }
        catch (CliException ex)
        {
            return Fail(console, ex.Message, 2);
        }
        catch (BoxConfigurationException ex)
        {
            return Fail(console, ex.Message, 2);
        }
        catch (InvalidDataException ex) when (ex.Message.Contains("configuration", StringComparison.OrdinalIgnoreCase))
        {
            // appsettings.json that is not valid JSON: say which file and where.
            return Fail(console, $"{ex.Message} {ex.InnerException?.Message}", 2);
        }
        catch (ProfileException ex)
        {
            return Fail(console, ex.Message, 2);
        }
        catch (StoreException ex)
        {
            return Fail(console, ex.Message, 1);
        }
        catch (BoxRequestException ex)
        {
            return Fail(console, ex.Message, 1);
        }
    }

    private static async Task<int> RunBoxAsync(string[] args)
    {
        var app = BoxApp.Build(args);
        try
        {
            await app.RunAsync().ConfigureAwait(false);
        }
        catch (IOException ex) when (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            throw new BoxConfigurationException($"{ex.Message} Another program (or another box) holds that port: stop it or choose another with --http-port / --https-port.", ex);
        }

        return 0;
    }

    private static int Fail(CliConsole console, string message, int code)
    {
        console.Err.WriteLine($"hometelco: {message}");
        return code;
    }

    private static int Help(CliConsole console)
    {
        console.Out.WriteLine("""
            hometelco — be your own telco

            hometelco [run] [--data <dir>] [--http-port <p>] [--https-port <p>] [--listen <addr>] [--profile <name>]
                run the box (ports: 0 turns a listener off)
            hometelco setup --admin <name> --password-file <file|-> [--data <dir>]
                create the first admin without the portal (closes first-run setup)
            hometelco user add <name> --password-file <file|-> [--role admin|member]
            hometelco user list | passwd <name> --password-file <file|-> | remove <name>
            hometelco token create --user <name> --name <label>
            hometelco token list | revoke <id>
            hometelco ext add <number> [--name <display name>] --password-file <file|-> | --generate-password
            hometelco ext passwd <number> --password-file <file|-> | --generate-password
            hometelco ext list | remove <number>
                phone extensions (2-10 digits); a generated SIP password is printed once, on stdout
            hometelco backup <file>          write a backup of the whole store
            hometelco restore <file>         replace the store's contents with a backup
            hometelco profile detect | show  the hardware profile for this machine

            Every command takes --data <dir> (default ./data, or DataDir from appsettings.json or
            HOMETELCO__DataDir). Commands that change the store need the box to be stopped.
            """);
        return 0;
    }
}
