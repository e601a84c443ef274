using System.Globalization;

namespace HomeTelco.Host.Cli;

/// <summary><c>hometelco token create|list|revoke</c>.</summary>
internal static class TokenCommand
{
    public static int Run(CliArgs args, CliConsole console)
    {
        var verb = args.At(0) ?? throw new CliException("token needs a subcommand: create, list or revoke");
        using var cli = CliStore.Open(args);
        switch (verb)
        {
            case "create":
                var (record, token) = cli.Tokens.Create(args.Required("user", "name"), args.Required("name", "label"));
                console.Out.WriteLine(token);
                console.Err.WriteLine($"Token {record.Id} created. It is shown only now: keep it somewhere safe.");
                return 0;
            case "list":
                var names = cli.Users.List().ToDictionary(u => u.Id, u => u.Name);
                foreach (var t in cli.Tokens.List())
                {
                    var owner = names.TryGetValue(t.UserId, out var n) ? n : "?";
                    console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{t.Id}\t{owner}\t{t.Name}\t{t.CreatedAt:yyyy-MM-dd}\t{t.LastUsedAt?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "never used"}"));
                }

                return 0;
            case "revoke":
                var id = args.At(1) ?? throw new CliException("usage: token revoke <id>");
                if (!cli.Tokens.Revoke(id))
                {
                    throw new CliException($"no token with id '{id}'");
                }

                console.Out.WriteLine($"Token {id} revoked.");
                return 0;
            default:
                throw new CliException($"unknown token subcommand '{verb}': use create, list or revoke");
        }
    }
}
