namespace HomeTelco.Torrent.Metainfo;

/// <summary>A .torrent file or info dictionary that we refuse, with a message written for the user who added it.</summary>
public sealed class MetainfoException : Exception
{
    /// <summary>An empty refusal (for serializers; prefer the message constructor).</summary>
    public MetainfoException()
    {
    }

    /// <param name="message">What is wrong, in words a user understands.</param>
    public MetainfoException(string message)
        : base(message)
    {
    }

    /// <param name="message">What is wrong, in words a user understands.</param>
    /// <param name="innerException">The underlying failure.</param>
    public MetainfoException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
