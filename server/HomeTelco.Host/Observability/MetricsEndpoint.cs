using System.Diagnostics;
using System.Globalization;
using System.Text;
using HomeTelco.Core.Engines;
using HomeTelco.Host.Configuration;

namespace HomeTelco.Host.Observability;

/// <summary>
/// <c>/metrics</c> in the Prometheus text format (version 0.0.4): process figures, GC figures,
/// HTTP request counts and every engine's own counters. Needs sign-in or a token unless
/// <c>Metrics:Public</c> is true.
/// </summary>
internal static class MetricsEndpoint
{
    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder app, BoxOptions options)
    {
        var endpoint = app.MapGet("/metrics", (IEnumerable<IEngineStatusSource> sources, RequestCounter requests) =>
            Results.Text(Render(sources, requests), "text/plain; version=0.0.4; charset=utf-8", Encoding.UTF8))
            .ExcludeFromDescription();
        if (!options.PublicMetrics)
        {
            endpoint.RequireAuthorization();
        }

        return app;
    }

    internal static string Render(IEnumerable<IEngineStatusSource> sources, RequestCounter requests)
    {
        var sb = new StringBuilder(4096);
        using var process = Process.GetCurrentProcess();
        Write(sb, "process_resident_memory_bytes", process.WorkingSet64, "Resident set size.", "gauge");
        Write(sb, "process_private_memory_bytes", process.PrivateMemorySize64, "Private memory.", "gauge");
        Write(sb, "process_cpu_seconds_total", process.TotalProcessorTime.TotalSeconds, "CPU time used.", "counter");
        Write(sb, "process_start_time_seconds", new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeSeconds(), "Start time, Unix seconds.", "gauge");
        Write(sb, "process_threads", process.Threads.Count, "Threads.", "gauge");
        var gc = GC.GetGCMemoryInfo();
        Write(sb, "dotnet_gc_heap_bytes", GC.GetTotalMemory(false), "Managed heap in use.", "gauge");
        Write(sb, "dotnet_gc_heap_limit_bytes", gc.TotalAvailableMemoryBytes, "Memory the GC may use (the profile's budget when applied).", "gauge");
        Write(sb, "dotnet_gc_committed_bytes", gc.TotalCommittedBytes, "Memory committed by the GC.", "gauge");
        Write(sb, "dotnet_gc_collections_total", GC.CollectionCount(0), "Gen0 collections.", "counter");
        Write(sb, "hometelco_http_requests_total", requests.Total, "HTTP requests served.", "counter");
        Write(sb, "hometelco_http_client_errors_total", requests.ClientErrors, "HTTP 4xx responses.", "counter");
        Write(sb, "hometelco_http_server_errors_total", requests.ServerErrors, "HTTP 5xx responses.", "counter");
        foreach (var source in sources)
        {
            var status = source.GetStatus();
            sb.Append(CultureInfo.InvariantCulture, $"hometelco_engine_ready{{engine=\"{status.Key}\"}} {(status.State == EngineState.Ready ? 1 : 0)}\n");
            foreach (var metric in source.GetMetrics())
            {
                Write(sb, metric.Name, metric.Value, metric.Help, metric.Type);
            }
        }

        return sb.ToString();
    }

    private static void Write(StringBuilder sb, string name, double value, string help, string type)
    {
        sb.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n{name} {value}\n");
    }
}
