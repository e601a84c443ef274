using SipLoad;
using SipLoad.Phones;

// SipLoad: the SIP load generator of bench/sip. Subcommands:
//   register|call --target IP:PORT [options]   rate search + measurement, prints one Markdown table row on stdout
//   header                                      prints the table header
//   registeronce --target IP:PORT [options]     registers every phone once and exits (the memory line of run.sh)
//   users --phones N --first-number F --password-prefix P   prints "number password" lines for provisioning
//   selftest                                    checks the digest and parsing code against known vectors
try
{
    if (args.Length == 0)
    {
        Console.Error.WriteLine("usage: SipLoad register|call|registeronce|header|users|selftest [options] (see bench/sip/README.md)");
        return 2;
    }

    var rest = args.Skip(1).ToArray();
    switch (args[0])
    {
        case "header":
            Console.Write(ResultTable.Header);
            return 0;
        case "selftest":
            return SelfTest.Run(Console.Error) ? 0 : 1;
        case "users":
            var users = LoadOptions.Parse("users", rest);
            for (var i = 0; i < users.Phones; i++)
            {
                var number = PhoneBook.Number(users.FirstNumber, i);
                Console.WriteLine($"{number} {PhoneBook.Password(users.PasswordPrefix, number)}");
            }

            return 0;
        case "registeronce":
            LoadSession.RegisterOnly(LoadOptions.Parse("register", rest), Console.Error);
            return 0;
        case "register" or "call":
            var options = LoadOptions.Parse(args[0], rest);
            var row = LoadSession.Run(options, Console.Error);
            Console.Write(row);
            return 0;
        default:
            Console.Error.WriteLine($"unknown command {args[0]}");
            return 2;
    }
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
catch (LoadException e)
{
    Console.Error.WriteLine($"SipLoad: {e.Message}");
    return 1;
}
