using System.Globalization;
using HomeTelco.Host.Api;

namespace HomeTelco.Host.Cli;

/// <summary><c>hometelco user add|list|passwd|remove</c>.</summary>
internal static class UserCommand
{
    public static int Run(CliArgs args, CliConsole console)
    {
        var verb = args.At(0) ?? throw new CliException("user needs a subcommand: add, list, passwd or remove");
        using var cli = CliStore.Open(args);
        switch (verb)
        {
            case "add":
                var name = args.At(1) ?? throw new CliException("usage: user add <name> --password-file <file|-> [--role admin|member]");
                var user = cli.Users.Add(name, CliStore.ReadPassword(args), UserEndpoints.ParseRole(args.Option("role")));
                console.Out.WriteLine($"User '{user.Name}' added as {UserView.From(user).Role}.");
                return 0;
            case "list":
                foreach (var u in cli.Users.List())
                {
                    var view = UserView.From(u);
                    console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{view.Name}\t{view.Role}\t2fa={(view.TotpEnabled ? "on" : "off")}\t{view.CreatedAt:yyyy-MM-dd}"));
                }

                return 0;
            case "passwd":
                var target = args.At(1) ?? throw new CliException("usage: user passwd <name> --password-file <file|->");
                cli.Users.SetPassword(target, CliStore.ReadPassword(args));
                console.Out.WriteLine($"Password of '{target}' changed; their sessions are signed out.");
                return 0;
            case "remove":
                var removed = args.At(1) ?? throw new CliException("usage: user remove <name>");
                cli.Users.Remove(removed);
                console.Out.WriteLine($"User '{removed}' removed.");
                return 0;
            default:
                throw new CliException($"unknown user subcommand '{verb}': use add, list, passwd or remove");
        }
    }
}
