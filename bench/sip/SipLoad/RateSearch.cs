using System.Diagnostics;
using SipLoad.Measure;

namespace SipLoad;

/// <summary>
/// Finds the highest rate the target sustains: grows the offered rate step by step until a step fails (errors,
/// timeouts, skipped operations or a p99 past the limit), narrows between the last good and the first bad rate by
/// bisection, confirms the best rate over a longer run (stepping down until one holds), then measures latency and
/// CPU at 80 % of the confirmed rate. After a step that did not hold, the target is given time to recover before
/// the next one.
/// </summary>
internal sealed class RateSearch
{
    private const double MeasureFraction = 0.8;
    private const double MinimumRate = 1;
    private const double ConfirmStepDown = 0.85;
    private const int MaxConfirmations = 12;
    private const double ProbeRate = 10;
    private static readonly TimeSpan ProbeDuration = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRecovery = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan PauseAfterStep = TimeSpan.FromMilliseconds(300);

    private readonly LoadRunner _runner;
    private readonly LoadOptions _options;
    private readonly TextWriter _log;

    public RateSearch(LoadRunner runner, LoadOptions options, TextWriter log)
    {
        _runner = runner;
        _options = options;
        _log = log;
    }

    /// <summary>The best confirmed step (null when none held) and the run at 80 % of it.</summary>
    public (StepResult? Best, StepResult Measured) Run()
    {
        if (_options.FixedRate is { } fixedRate)
        {
            Step("warm-up", fixedRate, _options.StepDuration);
            return (null, Step("measure", fixedRate, _options.MeasureDuration));
        }

        // Not counted: the generator's own code is still being compiled (tiered JIT) and the target's caches fill.
        Step("warm-up", _options.StartRate, _options.StepDuration);

        StepResult? best = null;
        StepResult? firstFailed = null;
        var rate = _options.StartRate;
        while (rate <= _options.MaxRate)
        {
            var step = Step("search", rate, _options.StepDuration);
            if (!Passed(step))
            {
                firstFailed = step;
                break;
            }

            best = step;
            rate *= _options.Growth;
        }

        // Even the first rate was too much: come down until one holds, unless the target refuses the operation
        // outright (nothing completed, errors other than 503 answered): no rate will help then.
        while (best is null && rate / 2 >= MinimumRate && firstFailed is not { Refused: true })
        {
            rate /= 2;
            var step = Step("search down", rate, _options.StepDuration);
            if (Passed(step))
            {
                best = step;
            }
            else
            {
                firstFailed = step;
            }
        }

        for (var i = 0; i < _options.BisectSteps && best is not null && firstFailed is not null
            && firstFailed.OfferedRate / best.OfferedRate > 1.05; i++)
        {
            var step = Step("bisect", (best.OfferedRate + firstFailed.OfferedRate) / 2, _options.StepDuration);
            if (Passed(step))
            {
                best = step;
            }
            else
            {
                firstFailed = step;
            }
        }

        best = Confirm(best);
        var measureRate = MeasureFraction * (best?.OfferedRate ?? MinimumRate);
        return (best, Step("measure 80 %", measureRate, _options.MeasureDuration));
    }

    /// <summary>
    /// Holds the best search rate for the whole measurement time, stepping down until it holds. Search steps are
    /// short, and a target that keeps state for a while (transactions lingering after their answer, RFC 3261
    /// Timer J is 32 s) can take a short step in its stride that it cannot keep up. A run that did not hold
    /// showed what the target did complete per second; the next rate is below that, and at least 15 % lower.
    /// </summary>
    private StepResult? Confirm(StepResult? best)
    {
        if (best is null)
        {
            return null;
        }

        var rate = best.OfferedRate;
        for (var i = 0; i < MaxConfirmations && rate >= MinimumRate; i++)
        {
            var step = Step("confirm", rate, _options.MeasureDuration);
            if (Passed(step))
            {
                return step;
            }

            rate = Math.Min(rate * ConfirmStepDown, step.Throughput * 0.95);
        }

        return null;
    }

    private bool Passed(StepResult step) => step.Sustained(_options.MaxP99Ms, _options.MaxFailureRatio);

    private StepResult Step(string phase, double rate, TimeSpan duration)
    {
        var result = _runner.Run(rate, duration);
        var passed = Passed(result);
        _log.WriteLine($"[{_options.Label} {_options.Mode}] {phase,-12} {result.Describe()} => {(passed ? "held" : "not held")}");
        Thread.Sleep(PauseAfterStep);
        if (!passed && !result.Refused)
        {
            Recover();
        }

        return result;
    }

    /// <summary>
    /// After a step that did not hold, waits until the target answers a trickle of operations without fault again
    /// (a 1 s probe at 10/s, repeated, 60 s at most), so one rate's backlog is not charged to the next. Kamailio
    /// is back at once; a target shedding load with 503 until lingering transactions expire takes longer.
    /// </summary>
    private void Recover()
    {
        var start = Stopwatch.GetTimestamp();
        var probes = 0;
        while (Stopwatch.GetElapsedTime(start) < MaxRecovery)
        {
            probes++;
            var probe = _runner.Run(ProbeRate, ProbeDuration);
            if (probe.Unsuccessful == 0 && probe.Completed > 0)
            {
                if (probes > 1)
                {
                    _log.WriteLine($"[{_options.Label} {_options.Mode}] recovered after {Stopwatch.GetElapsedTime(start).TotalSeconds:0} s");
                }

                return;
            }

            Thread.Sleep(PauseAfterStep);
        }

        _log.WriteLine($"[{_options.Label} {_options.Mode}] not recovered after {MaxRecovery.TotalSeconds:0} s; going on");
    }
}
