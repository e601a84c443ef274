namespace HomeTelco.Sip.Defence;

/// <summary>What the guard remembers of one source address: its token bucket and how often it ran over lately.</summary>
internal struct SipSourceState
{
    public UInt128 Key;

    public TokenBucket Bucket;

    /// <summary>Set on every message; the clock hand clears it and evicts slots found clear (second chance).</summary>
    public bool Referenced;

    public long ExcessWindowStart;

    public int Excess;

    /// <summary>Counts one message over the limit; returns how many fell in the current window.</summary>
    public int CountExcess(long now, long windowTicks)
    {
        if (Excess == 0 || now - ExcessWindowStart > windowTicks)
        {
            ExcessWindowStart = now;
            Excess = 0;
        }

        return ++Excess;
    }
}
