using HomeTelco.Sip.Defence;

namespace HomeTelco.Sip.Tests.Defence;

public sealed class SipStrikeWindowTests
{
    [Fact]
    public void Strike_ThirdWithinWindow_True()
    {
        var window = new SipStrikeWindow(slots: 2, limit: 3, windowTicks: 100);

        Assert.False(window.Strike(1, 0));
        Assert.False(window.Strike(1, 50));
        Assert.True(window.Strike(1, 100));
    }

    [Fact]
    public void Strike_SlidingNotBucketed_OldStrikesAgeOut()
    {
        var window = new SipStrikeWindow(slots: 1, limit: 3, windowTicks: 100);
        window.Strike(0, 0);
        window.Strike(0, 90);

        Assert.False(window.Strike(0, 101));
        Assert.True(window.Strike(0, 150));
    }

    [Fact]
    public void Strike_SlotsIndependentAndClearForgets()
    {
        var window = new SipStrikeWindow(slots: 2, limit: 2, windowTicks: 100);
        window.Strike(0, 0);

        Assert.False(window.Strike(1, 1));
        window.Clear(0);
        Assert.False(window.Strike(0, 2));
        Assert.True(window.Strike(0, 3));
    }

    [Fact]
    public void Strike_LimitOne_FirstStrikeCounts()
    {
        Assert.True(new SipStrikeWindow(slots: 1, limit: 1, windowTicks: 100).Strike(0, 5));
    }
}
