using SipLoad.Measure;
using SipLoad.Phones;

namespace SipLoad.Scenarios;

/// <summary>One kind of operation the load runner offers at a rate: a registration, or a call set up and torn down.</summary>
internal interface IScenario : IPhoneHandler
{
    /// <summary>Where operations started from now on are counted (one instance per step).</summary>
    OpCounters Counters { get; set; }

    /// <summary>Operations started and not yet finished, answered or timed out.</summary>
    int InFlight { get; }

    /// <summary>Starts one operation on an idle phone; false when every phone is busy.</summary>
    bool TryStart(long now);

    /// <summary>Gives up on operations started more than the timeout before <paramref name="now"/>.</summary>
    void Sweep(long now);
}
