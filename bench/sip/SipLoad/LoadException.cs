namespace SipLoad;

/// <summary>The run cannot go on (phones failed to register, the target does not answer); the message says why.</summary>
internal sealed class LoadException : Exception
{
    public LoadException()
    {
    }

    public LoadException(string message)
        : base(message)
    {
    }

    public LoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
