namespace HomeTelco.Core;

/// <summary>
/// A request the box refuses for a reason the caller can fix (a weak password, a name taken, the last
/// admin removed). The API turns it into 400/409, the CLI into a message on stderr.
/// </summary>
public sealed class BoxRequestException : Exception
{
    public BoxRequestException()
    {
    }

    public BoxRequestException(string message)
        : base(message)
    {
    }

    public BoxRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True when the request clashes with what exists (a name taken): 409 rather than 400.</summary>
    public bool IsConflict { get; init; }

    /// <summary>True when the thing the request names does not exist: 404 rather than 400.</summary>
    public bool IsNotFound { get; init; }
}
