namespace HomeTelco.Core;

/// <summary>Where the box keeps its files. Everything the box writes lives under <see cref="DataDir"/>.</summary>
public sealed class BoxPaths
{
    public BoxPaths(string dataDir)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDir);
        DataDir = Path.GetFullPath(dataDir);
    }

    public string DataDir { get; }

    /// <summary>Keys that protect sign-in cookies, so sessions survive a restart.</summary>
    public string KeysDir => Path.Combine(DataDir, "keys");

    /// <summary>The box's own TLS certificate.</summary>
    public string TlsDir => Path.Combine(DataDir, "tls");

    /// <summary>Scratch files (uploads, backups on their way out) live here, inside the one folder the service may write.</summary>
    public string TempDir => Path.Combine(DataDir, "tmp");

    /// <summary>A fresh, not yet existing path under <see cref="TempDir"/>.</summary>
    public string NewTempFile(string prefix)
    {
        EnsurePrivateDirectory(TempDir);
        return Path.Combine(TempDir, $"{prefix}-{Guid.NewGuid():N}.tmp");
    }

    /// <summary>
    /// Creates a folder readable only by the box's user (0700) when it does not exist yet; an existing
    /// folder keeps the mode its owner gave it (install.sh makes the data folder 0750).
    /// </summary>
    public static void EnsurePrivateDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
