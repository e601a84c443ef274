namespace HomeTelco.Sip.Engine;

/// <summary>
/// Lets one log line per kind of problem through per interval, counting the rest, so a flood of bad
/// packets costs a counter increment instead of a log write each.
/// </summary>
internal sealed class LogLimiter(TimeProvider time, TimeSpan interval)
{
    private readonly Dictionary<string, (DateTimeOffset Next, long Suppressed)> _kinds = new(StringComparer.Ordinal);
    private readonly Lock _kindsLock = new();

    /// <summary>True when this occurrence should be logged; <paramref name="suppressed"/> is how many were skipped since the last one.</summary>
    public bool ShouldLog(string kind, out long suppressed)
    {
        var now = time.GetUtcNow();
        lock (_kindsLock)
        {
            if (_kinds.TryGetValue(kind, out var state) && now < state.Next)
            {
                _kinds[kind] = (state.Next, state.Suppressed + 1);
                suppressed = 0;
                return false;
            }

            suppressed = state.Suppressed;
            _kinds[kind] = (now + interval, 0);
            return true;
        }
    }
}
