namespace HomeTelco.Core.Profiles;

/// <summary>
/// Decides when the box's file pages are worth dropping again after the start-up release (<see cref="StartupPages"/>).
/// A burst of activity the idle box does not repeat (an owner's first-run setup, a look at the portal) reads 10–20 MB
/// of code back and would leave it resident for good. Fed the file-backed resident size at a steady interval, and
/// whether anyone used the box in that interval, this says "release" once a burst is over (an interval without use
/// and without growth) and it left the box at least <c>growthKb</c> above the level the idle box keeps on its own.
/// That idle level is learned from intervals nobody used the box in, so the box's own periodic work, which reads the
/// same pages back every time, never triggers a release: dropping those would only make it read them again.
/// </summary>
public sealed class ActivityPageRelease
{
    /// <summary>Changes smaller than this between two readings count as "nothing read back".</summary>
    private const long QuietKb = 1024;

    private readonly long _growthKb;
    private long _releasedAtKb;
    private long _idleLevelKb = -1;
    private long _lastKb;
    private bool _usedSinceRelease;

    /// <param name="growthKb">Growth above the idle level, in KiB, that makes a release worth it.</param>
    /// <param name="releasedAtKb">The file-backed resident size right after the start-up release.</param>
    public ActivityPageRelease(long growthKb, long releasedAtKb)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(growthKb);
        _growthKb = growthKb;
        Released(releasedAtKb);
    }

    /// <summary>The level, in KiB, the box keeps when nobody uses it; -1 until an unused, quiet interval showed it.</summary>
    public long IdleLevelKb => _idleLevelKb;

    /// <summary>
    /// Takes one reading: the file-backed resident size in KiB, and whether anyone used the box (the portal, the API)
    /// since the previous reading. True when the pages should be released now.
    /// </summary>
    public bool ShouldRelease(long fileResidentKb, bool usedSinceLastReading)
    {
        var quiet = Math.Abs(fileResidentKb - _lastKb) < QuietKb;
        _lastKb = fileResidentKb;
        if (usedSinceLastReading)
        {
            // A burst is going on: what it reads back is released once it is over.
            _usedSinceRelease = true;
            return false;
        }

        if (!quiet)
        {
            // Still reading pages back (the idle box's periodic work, or the tail of a burst).
            return false;
        }

        if (!_usedSinceRelease)
        {
            _idleLevelKb = fileResidentKb;
            return false;
        }

        // A burst right after a release (first-run setup, minutes after start) leaves no idle level to compare with:
        // the level right after the release stands in, and the release that follows teaches the idle level.
        var reference = _idleLevelKb >= 0 ? _idleLevelKb : _releasedAtKb;
        return fileResidentKb >= reference + _growthKb;
    }

    /// <summary>Records a release: the box reads back what it keeps using from <paramref name="fileResidentKb"/>.</summary>
    public void Released(long fileResidentKb)
    {
        _releasedAtKb = fileResidentKb;
        _lastKb = fileResidentKb;
        _usedSinceRelease = false;
    }
}
