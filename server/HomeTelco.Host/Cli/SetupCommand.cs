using HomeTelco.Core.Users;

namespace HomeTelco.Host.Cli;

/// <summary><c>hometelco setup --admin name --password-file f</c>: first admin for headless installs.</summary>
internal static class SetupCommand
{
    public static int Run(CliArgs args, CliConsole console)
    {
        var name = args.Required("admin", "name");
        var password = CliStore.ReadPassword(args);
        using var cli = CliStore.Open(args);
        if (cli.Users.AnyAdmin())
        {
            throw new CliException("setup is already done: this box has an admin. Use 'hometelco user add' instead.");
        }

        var admin = cli.Users.Add(name, password, UserRole.Admin);
        cli.Setup.MarkDone();
        console.Out.WriteLine($"Admin '{admin.Name}' created; first-run setup is closed.");
        return 0;
    }
}
