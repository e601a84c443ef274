namespace HomeTelco.Torrent.Storage;

/// <summary>A torrent's file path would land outside the torrent's folder (a "..", an absolute path, or a symlink leading out).</summary>
public sealed class TorrentPathException : IOException
{
    public TorrentPathException()
    {
    }

    public TorrentPathException(string message)
        : base(message)
    {
    }

    public TorrentPathException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
