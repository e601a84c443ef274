using Microsoft.Extensions.Logging;

namespace HomeTelco.Core;

/// <summary>Core's log messages; event ids 1000-1999.</summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Warning, "First-run setup is open. Setup code: {Code} (also in {File}). Open the portal's /setup page and enter it to create the first admin.")]
    public static partial void SetupCodeIssued(ILogger logger, string code, string file);

    [LoggerMessage(1002, LogLevel.Information, "First-run setup completed: admin '{Admin}' created; setup is closed for good.")]
    public static partial void SetupCompleted(ILogger logger, string admin);

    [LoggerMessage(1003, LogLevel.Warning, "Wrong setup code from {Address}; next attempt allowed in {Delay}.")]
    public static partial void SetupCodeRejected(ILogger logger, string address, TimeSpan delay);

    [LoggerMessage(1004, LogLevel.Warning, "Failed sign-in for '{User}' from {Address}.")]
    public static partial void SignInFailed(ILogger logger, string user, string address);

    [LoggerMessage(1005, LogLevel.Information, "Store opened at {Path}, schema version {Version}.")]
    public static partial void StoreOpened(ILogger logger, string path, int version);

    [LoggerMessage(1006, LogLevel.Warning, "Could not remove the setup code file {File}: {Reason}")]
    public static partial void SetupFileNotRemoved(ILogger logger, string file, string reason);

    [LoggerMessage(1400, LogLevel.Warning, "Could not write the SIP ban of {Address} to the store: {Reason}. It holds until the box restarts.")]
    public static partial void SipBanWriteFailed(ILogger logger, string address, string reason);

    [LoggerMessage(1401, LogLevel.Warning, "Ignoring a SIP ban with an unreadable address '{Address}' in the store.")]
    public static partial void SipBanUnreadable(ILogger logger, string address);
}
