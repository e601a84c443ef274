namespace HomeTelco.Core.Profiles;

/// <summary>
/// Decides when the box's file pages are worth dropping again after the start-up release (<see cref="StartupPages"/>).
/// A burst of activity the idle box does not repeat (an owner browsing the portal, a first call after a quiet day)
/// reads 10–20 MB of code back and leaves it resident for good. Fed the file-backed resident size at a steady
/// interval, this says "release" once that size has grown by <c>growthKb</c> above the level the box settled at and
/// the burst is over (no growth during the last interval). Dropping pages the idle box keeps using would only make it
/// read them back, so the settled level, not the low point right after a release, is the baseline: the box's own
/// periodic work never triggers a release.
/// </summary>
public sealed class ActivityPageRelease
{
    /// <summary>Changes smaller than this between two readings count as "nothing read back": the burst is over.</summary>
    private const long QuietKb = 1024;

    private readonly long _growthKb;
    private long _settledKb = -1;
    private long _lastKb;

    /// <param name="growthKb">Growth above the settled level, in KiB, that makes a release worth it.</param>
    /// <param name="releasedAtKb">The file-backed resident size right after the start-up release.</param>
    public ActivityPageRelease(long growthKb, long releasedAtKb)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(growthKb);
        _growthKb = growthKb;
        Released(releasedAtKb);
    }

    /// <summary>The level the box settled at since the last release, in KiB; -1 while it is still reading pages back.</summary>
    public long SettledKb => _settledKb;

    /// <summary>Takes one reading (file-backed resident KiB); true when the pages should be released now.</summary>
    public bool ShouldRelease(long fileResidentKb)
    {
        var quiet = Math.Abs(fileResidentKb - _lastKb) < QuietKb;
        _lastKb = fileResidentKb;
        if (_settledKb >= 0 && fileResidentKb < _settledKb - QuietKb)
        {
            // The kernel took pages under memory pressure: what the box reads back next is its working set again,
            // not activity, so it settles anew.
            _settledKb = -1;
        }

        if (_settledKb < 0)
        {
            // Right after a release the box reads back what it keeps using; the first quiet reading is its working set.
            _settledKb = quiet ? fileResidentKb : -1;
            return false;
        }

        return quiet && fileResidentKb >= _settledKb + _growthKb;
    }

    /// <summary>Records a release: the box settles again from <paramref name="fileResidentKb"/>.</summary>
    public void Released(long fileResidentKb)
    {
        _settledKb = -1;
        _lastKb = fileResidentKb;
    }
}
