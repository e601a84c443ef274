using System.Globalization;

namespace SipLoad.Measure;

/// <summary>What one step at one offered rate gave.</summary>
internal sealed record StepResult(
    double OfferedRate,
    TimeSpan Duration,
    long Started,
    long Completed,
    long Failed,
    long Overloaded,
    long TimedOut,
    long Skipped,
    long Rechallenged,
    double P50Ms,
    double P99Ms,
    double TeardownP50Ms,
    double TeardownP99Ms,
    double TargetCpuSeconds,
    double GeneratorCpuSeconds,
    string? FirstFailure,
    string FailureReasons)
{
    public long Unsuccessful => Failed + TimedOut + Skipped;

    /// <summary>Nothing completed and the target answered errors other than 503: it refuses the operation, at any rate.</summary>
    public bool Refused => Completed == 0 && Failed > Overloaded;

    /// <summary>Operations completed per second of offered load.</summary>
    public double Throughput => Completed / Duration.TotalSeconds;

    public double TargetCpuPerThousand => Completed == 0 ? double.NaN : TargetCpuSeconds * 1000 / Completed;

    public double GeneratorCpuPerThousand => Completed == 0 ? double.NaN : GeneratorCpuSeconds * 1000 / Completed;

    /// <summary>The rate held: (almost) every operation succeeded and latency did not run away.</summary>
    public bool Sustained(double maxP99Ms, double maxFailureRatio) =>
        Completed > 0 && Unsuccessful <= maxFailureRatio * (Started + Skipped) && P99Ms <= maxP99Ms;

    public string Describe()
    {
        var culture = CultureInfo.InvariantCulture;
        var text = string.Create(culture,
            $"offered {OfferedRate,8:0.0}/s: done {Completed,7} ({Throughput,8:0.0}/s) failed {Failed} (503: {Overloaded}) timed out {TimedOut} skipped {Skipped} rechallenged {Rechallenged}; p50 {P50Ms:0.00} ms p99 {P99Ms:0.00} ms");
        if (!double.IsNaN(TeardownP50Ms))
        {
            text += string.Create(culture, $" (BYE p50 {TeardownP50Ms:0.00} p99 {TeardownP99Ms:0.00})");
        }

        text += string.Create(culture, $"; CPU target {TargetCpuSeconds:0.00} s, generator {GeneratorCpuSeconds:0.00} s");
        return FirstFailure is null ? text : $"{text}; first failure: {FirstFailure}; all: {FailureReasons}";
    }
}
