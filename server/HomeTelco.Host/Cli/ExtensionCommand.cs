using System.Globalization;

namespace HomeTelco.Host.Cli;

/// <summary><c>hometelco ext add|list|passwd|remove</c>: phone extensions for headless boxes and scripts.</summary>
internal static class ExtensionCommand
{
    private const string AddUsage = "usage: ext add <number> [--name <display name>] --password-file <file|-> | --generate-password";
    private const string PasswdUsage = "usage: ext passwd <number> --password-file <file|-> | --generate-password";

    public static int Run(CliArgs args, CliConsole console)
    {
        var verb = args.At(0) ?? throw new CliException("ext needs a subcommand: add, list, passwd or remove");
        switch (verb)
        {
            case "add":
            {
                var number = args.At(1) ?? throw new CliException(AddUsage);
                var password = PasswordChoice(args, AddUsage);
                using var cli = CliStore.Open(args);
                var saved = cli.Extensions.Create(number, args.Option("name"), password);
                Report(console, $"Extension {saved.Extension.Number} added", saved.GeneratedPassword);
                return 0;
            }

            case "list":
            {
                using var cli = CliStore.Open(args);
                foreach (var e in cli.Extensions.List())
                {
                    console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{e.Number}\t{e.DisplayName}\t{e.CreatedAt:yyyy-MM-dd}"));
                }

                return 0;
            }

            case "passwd":
            {
                var number = args.At(1) ?? throw new CliException(PasswdUsage);
                var password = PasswordChoice(args, PasswdUsage);
                using var cli = CliStore.Open(args);

                // The service reads an empty password as "generate one".
                var saved = cli.Extensions.Update(number, null, password ?? "");
                Report(console, $"Password of extension {number} changed; its phones must use the new one", saved.GeneratedPassword);
                return 0;
            }

            case "remove":
            {
                var number = args.At(1) ?? throw new CliException("usage: ext remove <number>");
                using var cli = CliStore.Open(args);
                cli.Extensions.Remove(number);
                console.Out.WriteLine($"Extension {number} removed.");
                return 0;
            }

            default:
                throw new CliException($"unknown ext subcommand '{verb}': use add, list, passwd or remove");
        }
    }

    /// <summary>The password from --password-file, or null for --generate-password; exactly one of the two.</summary>
    private static string? PasswordChoice(CliArgs args, string usage)
    {
        var generate = args.Flag("generate-password");
        var fromFile = args.Option("password-file") is not null;
        if (generate == fromFile)
        {
            throw new CliException($"give either --password-file or --generate-password. {usage}");
        }

        if (generate)
        {
            return null;
        }

        // The service would take an empty password as "generate one": an empty file must not do that silently.
        var password = CliStore.ReadPassword(args);
        return password.Length > 0 ? password : throw new CliException("the password file's first line is empty: put the password there, or use --generate-password");
    }

    /// <summary>
    /// A generated password goes alone to stdout, so a script can capture it (like <c>token create</c>); the
    /// sentence about it goes to stderr.
    /// </summary>
    private static void Report(CliConsole console, string done, string? generated)
    {
        if (generated is null)
        {
            console.Out.WriteLine(done + ".");
            return;
        }

        console.Out.WriteLine(generated);
        console.Err.WriteLine($"{done}. Its SIP password is shown only now: the box keeps only digest hashes.");
    }
}
