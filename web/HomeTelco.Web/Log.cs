using Microsoft.Extensions.Logging;

namespace HomeTelco.Web;

/// <summary>Portal log messages; event ids 7100-7199 (Host/Web range).</summary>
internal static partial class Log
{
    [LoggerMessage(7100, LogLevel.Information, "User {User} signed in to the portal from {Address}")]
    public static partial void SignedIn(ILogger logger, string user, string address);

    [LoggerMessage(7101, LogLevel.Information, "User {User} signed out of the portal")]
    public static partial void SignedOut(ILogger logger, string user);

    [LoggerMessage(7110, LogLevel.Warning, "Backup restored by {User}: {Documents} documents")]
    public static partial void BackupRestored(ILogger logger, string user, long documents);

    [LoggerMessage(7111, LogLevel.Information, "Backup restore by {User} refused: {Reason}")]
    public static partial void BackupRefused(ILogger logger, string user, string reason);
}
