namespace HomeTelco.Core.Profiles;

/// <summary>
/// The hardware profiles cannot be used as given: a profile file is missing, malformed or out of
/// range, or a configured profile name matches none of them. The message names the file or setting,
/// the key and what is allowed, so the owner can fix it without reading code.
/// </summary>
public sealed class ProfileException : Exception
{
    public ProfileException()
    {
    }

    public ProfileException(string message)
        : base(message)
    {
    }

    public ProfileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
