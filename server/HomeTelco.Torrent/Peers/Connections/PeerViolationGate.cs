namespace HomeTelco.Torrent.Peers.Connections;

/// <summary>
/// Lets one protocol-violation report through per interval and counts the rest, so a swarm of broken or
/// hostile peers cannot flood the log. Shared by all connections of an engine.
/// </summary>
internal sealed class PeerViolationGate(TimeProvider time, TimeSpan interval)
{
    private readonly Lock _gateLock = new();
    private long _nextReport = long.MinValue;
    private int _suppressed;

    /// <summary>True when this report may be logged; <paramref name="suppressed"/> is how many were held back before it.</summary>
    public bool TryReport(out int suppressed)
    {
        lock (_gateLock)
        {
            var now = time.GetTimestamp();
            if (now < _nextReport)
            {
                _suppressed++;
                suppressed = 0;
                return false;
            }

            _nextReport = now + (long)(interval.TotalSeconds * time.TimestampFrequency);
            suppressed = _suppressed;
            _suppressed = 0;
            return true;
        }
    }
}
