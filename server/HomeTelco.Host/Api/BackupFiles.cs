using HomeTelco.Core;

namespace HomeTelco.Host.Api;

/// <summary>Scratch files for backups live in the data folder (the one place the service may write).</summary>
internal static class BackupFiles
{
    public static string TempFile(BoxPaths paths)
    {
        var dir = Path.Combine(paths.DataDir, "tmp");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, $"backup-{Guid.NewGuid():N}.tmp");
    }
}
