namespace HomeTelco.Host.Cli;

/// <summary>A CLI call that cannot proceed; the message goes to stderr and the exit code is 2.</summary>
internal sealed class CliException : Exception
{
    public CliException()
    {
    }

    public CliException(string message)
        : base(message)
    {
    }

    public CliException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
