using Microsoft.Extensions.Logging;

namespace HomeTelco.Torrent;

/// <summary>Messages of the tracker clients (3300-3349) and local service discovery (3350-3399).</summary>
internal static partial class Log
{
    [LoggerMessage(3300, LogLevel.Debug, "UDP tracker {Tracker}: ignored a datagram with transaction id {Got}, waiting for {Expected}.")]
    public static partial void UdpTrackerWrongTransaction(ILogger logger, Uri tracker, int got, int expected);

    [LoggerMessage(3301, LogLevel.Debug, "UDP tracker {Tracker}: no answer within {Seconds} s (try {Attempt}).")]
    public static partial void UdpTrackerTimeout(ILogger logger, Uri tracker, double seconds, int attempt);

    [LoggerMessage(3302, LogLevel.Information, "Tracker {Tracker} failed ({Kind}): {Reason}")]
    public static partial void TrackerFailed(ILogger logger, Uri tracker, Trackers.TrackerFailureKind kind, string? reason);

    [LoggerMessage(3303, LogLevel.Warning, "Tracker {Tracker} warns: {Message}")]
    public static partial void TrackerWarning(ILogger logger, Uri tracker, string message);

    [LoggerMessage(3304, LogLevel.Debug, "Tracker {Tracker} announced {Event} for {InfoHash}: {Peers} peers, next announce in {Seconds} s.")]
    public static partial void TrackerAnnounced(ILogger logger, Uri tracker, Trackers.TrackerEvent @event, InfoHash infoHash, int peers, double seconds);

    [LoggerMessage(3305, LogLevel.Information, "Every tracker of {InfoHash} failed; next try in {Seconds} s.")]
    public static partial void TrackersAllFailed(ILogger logger, InfoHash infoHash, double seconds);

    [LoggerMessage(3306, LogLevel.Debug, "Tracker {Tracker} ignored: scheme not supported.")]
    public static partial void TrackerSchemeNotSupported(ILogger logger, Uri tracker);

    [LoggerMessage(3350, LogLevel.Information, "Local service discovery on {Group}.")]
    public static partial void LsdListening(ILogger logger, System.Net.IPEndPoint group);

    [LoggerMessage(3351, LogLevel.Warning, "Local service discovery could not use {Group}: {Reason}")]
    public static partial void LsdUnavailable(ILogger logger, System.Net.IPEndPoint group, string reason);

    [LoggerMessage(3352, LogLevel.Debug, "Local service discovery: refused a datagram from {Source}: {Reason}")]
    public static partial void LsdRefused(ILogger logger, System.Net.EndPoint source, string reason);

    [LoggerMessage(3353, LogLevel.Debug, "Local service discovery: peer {Peer} for {InfoHash}.")]
    public static partial void LsdPeer(ILogger logger, System.Net.IPEndPoint peer, InfoHash infoHash);

    [LoggerMessage(3354, LogLevel.Debug, "Local service discovery: send to {Group} failed: {Reason}")]
    public static partial void LsdSendFailed(ILogger logger, System.Net.IPEndPoint group, string reason);
}
