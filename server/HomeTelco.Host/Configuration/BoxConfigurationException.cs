namespace HomeTelco.Host.Configuration;

/// <summary>A configuration value the box cannot start with; the message names the key, its source and what is allowed.</summary>
internal sealed class BoxConfigurationException : Exception
{
    public BoxConfigurationException()
    {
    }

    public BoxConfigurationException(string message)
        : base(message)
    {
    }

    public BoxConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
