using HomeTelco.Core;

namespace HomeTelco.Host.Cli;

/// <summary><c>hometelco backup &lt;file&gt;</c> and <c>hometelco restore &lt;file&gt;</c>.</summary>
internal static class BackupCommand
{
    public static int Backup(CliArgs args, CliConsole console)
    {
        var file = args.At(0) ?? throw new CliException("usage: backup <file>");
        using var cli = CliStore.Open(args);
        var temp = file + ".partial";
        long count;

        // A backup holds password hashes and 2FA secrets.
        using (var output = PrivateFile.Create(temp))
        {
            count = cli.Backups.Write(output);
            output.Flush(flushToDisk: true);
        }

        File.Move(temp, file, overwrite: true);
        console.Out.WriteLine($"Backup of {count} documents written to {file}.");
        return 0;
    }

    public static int Restore(CliArgs args, CliConsole console)
    {
        var file = args.At(0) ?? throw new CliException("usage: restore <file>");
        if (!File.Exists(file))
        {
            throw new CliException($"no such file: {file}");
        }

        using var cli = CliStore.Open(args);
        var count = cli.Backups.Restore(file);
        console.Out.WriteLine($"Restored {count} documents from {file}.");
        return 0;
    }
}
