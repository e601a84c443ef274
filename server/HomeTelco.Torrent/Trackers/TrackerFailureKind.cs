namespace HomeTelco.Torrent.Trackers;

/// <summary>Why an announce or scrape gave nothing; the tracker set backs off differently for each.</summary>
internal enum TrackerFailureKind
{
    /// <summary>No answer in time, or the connection failed.</summary>
    Unreachable,

    /// <summary>The tracker answered with a refusal ("failure reason", or a BEP 15 error action).</summary>
    Refused,

    /// <summary>The answer was malformed, too large or not what was asked.</summary>
    BadResponse,

    /// <summary>The tracker does not offer this (e.g. scrape on an URL without "announce").</summary>
    NotSupported,
}
