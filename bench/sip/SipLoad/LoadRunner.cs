using System.Diagnostics;
using SipLoad.Measure;
using SipLoad.Scenarios;

namespace SipLoad;

/// <summary>
/// Offers operations open-loop at a fixed rate for a while (a step), then waits for the last ones to finish or time
/// out. Operations are started on schedule whether or not earlier ones were answered; when every phone is busy the
/// operation due is counted as skipped, which is the target falling behind.
/// </summary>
internal sealed class LoadRunner
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMilliseconds(20);

    private readonly IScenario _scenario;
    private readonly ProcessCpu _targetCpu;
    private readonly TimeSpan _timeout;

    public LoadRunner(IScenario scenario, ProcessCpu targetCpu, TimeSpan timeout)
    {
        _scenario = scenario;
        _targetCpu = targetCpu;
        _timeout = timeout;
    }

    public StepResult Run(double rate, TimeSpan duration)
    {
        var counters = new OpCounters(_timeout);
        _scenario.Counters = counters;
        var targetBefore = _targetCpu.Seconds();
        var generatorBefore = Environment.CpuUsage.TotalTime;

        var frequency = Stopwatch.Frequency;
        var durationTimestamp = (long)(duration.TotalSeconds * frequency);
        var sweepTimestamp = (long)(SweepInterval.TotalSeconds * frequency);
        var start = Stopwatch.GetTimestamp();
        var nextSweep = start + sweepTimestamp;
        long issued = 0;
        while (true)
        {
            var now = Stopwatch.GetTimestamp();
            var elapsed = now - start;
            if (elapsed >= durationTimestamp)
            {
                break;
            }

            var due = (long)(elapsed * rate / frequency);
            for (; issued < due; issued++)
            {
                if (!_scenario.TryStart(now))
                {
                    counters.OnSkipped();
                }
            }

            if (now >= nextSweep)
            {
                _scenario.Sweep(now);
                nextSweep = now + sweepTimestamp;
            }

            Thread.Sleep(1);
        }

        Drain();
        var targetCpu = _targetCpu.Seconds() - targetBefore;
        var generatorCpu = (Environment.CpuUsage.TotalTime - generatorBefore).TotalSeconds;
        return new StepResult(rate, duration, counters.Started, counters.Completed, counters.Failed, counters.Overloaded, counters.TimedOut, counters.Skipped,
            counters.Rechallenged, counters.Latency.PercentileMs(0.50), counters.Latency.PercentileMs(0.99),
            counters.Teardown.PercentileMs(0.50), counters.Teardown.PercentileMs(0.99), targetCpu, generatorCpu, counters.FirstFailure, counters.Reasons());
    }

    /// <summary>Waits (bounded by the timeout) for operations still in flight; the sweep ends those that get no answer.</summary>
    public void Drain()
    {
        var deadline = Stopwatch.GetTimestamp() + (long)((_timeout.TotalSeconds + 0.5) * Stopwatch.Frequency);
        while (_scenario.InFlight > 0 && Stopwatch.GetTimestamp() < deadline)
        {
            Thread.Sleep(5);
            _scenario.Sweep(Stopwatch.GetTimestamp());
        }
    }
}
