namespace HomeTelco.Sip.Defence;

/// <summary>
/// A token bucket on <see cref="TimeProvider"/> timestamps: fills at a rate up to a burst, one token per message.
/// A mutable struct kept inside the guard's tables, so checking a message allocates nothing.
/// </summary>
internal struct TokenBucket
{
    private double _tokens;
    private long _stamp;
    private bool _started;

    /// <summary>Takes one token if there is one. A fresh bucket starts full.</summary>
    public bool TryTake(long now, double ratePerSecond, double burst, long frequency)
    {
        if (!_started)
        {
            _started = true;
            _tokens = burst;
            _stamp = now;
        }
        else if (now > _stamp)
        {
            _tokens = Math.Min(burst, _tokens + ((now - _stamp) * ratePerSecond / frequency));
            _stamp = now;
        }

        if (_tokens < 1)
        {
            return false;
        }

        _tokens -= 1;
        return true;
    }
}
