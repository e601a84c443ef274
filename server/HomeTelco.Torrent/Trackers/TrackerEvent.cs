namespace HomeTelco.Torrent.Trackers;

/// <summary>The event an announce reports (BEP 3); <see cref="None"/> is a regular re-announce.</summary>
internal enum TrackerEvent
{
    /// <summary>A periodic announce: no event parameter is sent.</summary>
    None,

    /// <summary>The first announce of a session.</summary>
    Started,

    /// <summary>The download finished; sent once, never for a torrent that was complete when added.</summary>
    Completed,

    /// <summary>The torrent is being stopped or removed.</summary>
    Stopped,
}
