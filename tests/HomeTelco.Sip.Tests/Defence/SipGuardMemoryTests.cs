using System.Net;
using HomeTelco.Sip.Defence;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Tests.Defence;

/// <summary>The guard's memory stays bounded and its common path allocation-free, whatever the sources do.</summary>
public sealed class SipGuardMemoryTests
{
    [Fact]
    public void Admit_HundredThousandDistinctSources_TableStaysAtCapacityWithoutAllocating()
    {
        using var box = new GuardFixture();
        var sources = Enumerable.Range(0, 100_000)
            .Select(i => new SipEndPoint(SipTransportKind.Udp, new IPEndPoint(new IPAddress((uint)IPAddress.HostToNetworkOrder(0x0A000000 + i)), 5060)))
            .ToArray();
        var options = GuardFixture.Options();

        // Warm up: the table fills once, after that every new source recycles a slot.
        for (var i = 0; i < SipGuardOptions.Default.SourceCapacity * 2; i++)
        {
            box.Guard.Admit(options, sources[i]);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var source in sources)
        {
            box.Guard.Admit(options, source);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(SipGuardOptions.Default.SourceCapacity, box.Guard.TrackedSources);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Admit_KnownPhoneSteadyState_AllocatesNothing()
    {
        using var box = new GuardFixture();
        var phone = GuardFixture.Source("198.51.100.30");
        box.Guard.Authenticated(phone, "100");
        var options = GuardFixture.Options("Yealink SIP-T46S 66.86.0.15");
        box.Guard.Admit(options, phone);

        // Only the guard's own calls are counted: advancing the fake clock may run the store's timers, which allocate.
        long allocated = 0;
        for (var i = 0; i < 10_000; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            box.Guard.Admit(options, phone);
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            box.Time.Advance(TimeSpan.FromMilliseconds(10));
        }

        Assert.Equal(0, allocated);
    }
}
