namespace HomeTelco.Core.Store;

/// <summary>Names of the store's collections, in one place so backups and migrations agree.</summary>
public static class Collections
{
    public const string Users = "users";
    public const string ApiTokens = "api_tokens";
    public const string Settings = "settings";
}
