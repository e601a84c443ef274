namespace HomeTelco.Core.Store;

/// <summary>The store cannot be opened, migrated or restored; the message says why and what to do.</summary>
public sealed class StoreException : Exception
{
    public StoreException()
    {
    }

    public StoreException(string message)
        : base(message)
    {
    }

    public StoreException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
