using System.Globalization;
using SipLoad.Measure;

namespace SipLoad;

/// <summary>The Markdown table every run prints: one row per target and mode.</summary>
internal static class ResultTable
{
    public const string Header =
        "| target | mode | max ops/s | p50 ms @80 % | p99 ms @80 % | target CPU s / 1,000 ops | load generator CPU s / 1,000 ops | BYE p50 / p99 ms | unsuccessful @80 % |\n" +
        "|---|---|---:|---:|---:|---:|---:|---:|---:|\n";

    public static string Row(LoadOptions options, StepResult? best, StepResult measured, bool noTargetCpu)
    {
        var max = best is not null ? Format(best.Throughput, "0")
            : options.FixedRate is not null ? "not searched"
            : measured.FirstFailure is null ? "none held" : $"none held ({measured.FirstFailure.Replace('|', '/')})";
        var targetCpu = noTargetCpu ? "n/a" : Format(measured.TargetCpuPerThousand, "0.000");
        var bye = double.IsNaN(measured.TeardownP50Ms) ? "–" : $"{Format(measured.TeardownP50Ms, "0.00")} / {Format(measured.TeardownP99Ms, "0.00")}";
        return string.Create(CultureInfo.InvariantCulture,
            $"| {options.Label} | {options.Mode} | {max} | {Format(measured.P50Ms, "0.00")} | {Format(measured.P99Ms, "0.00")} | {targetCpu} | " +
            $"{Format(measured.GeneratorCpuPerThousand, "0.000")} | {bye} | {measured.Unsuccessful} of {measured.Started + measured.Skipped} |\n");
    }

    private static string Format(double value, string format) => double.IsNaN(value) ? "–" : value.ToString(format, CultureInfo.InvariantCulture);
}
