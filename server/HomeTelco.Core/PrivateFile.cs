namespace HomeTelco.Core;

/// <summary>
/// Files only the box's user may read (mode 0600 from the first byte, not chmod'ed afterwards): setup
/// codes, private keys, backups. An existing file is replaced, never reused with its old mode.
/// </summary>
public static class PrivateFile
{
    public static FileStream Create(string path)
    {
        File.Delete(path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new FileStream(path, options);
    }
}
