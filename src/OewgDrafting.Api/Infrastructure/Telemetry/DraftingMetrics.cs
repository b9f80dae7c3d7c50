using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace OewgDrafting.Api.Infrastructure.Telemetry;

/// <summary>
/// What the service measures about the negotiation as well as about itself: proposals and decisions, open brackets,
/// connected event streams, the write queue and its group commits, and how long a write to each document takes.
/// Instruments cost next to nothing while nobody listens (no exporter configured).
/// </summary>
public static class DraftingMetrics
{
    public const string MeterName = "OewgDrafting";

    private static readonly Meter Meter = new(MeterName, "1.0");

    private static readonly ConcurrentDictionary<Guid, long> OpenBracketsByDocument = new();
    private static long _waitingWriters;

    public static readonly Counter<long> AmendmentsProposed =
        Meter.CreateCounter<long>("oewg.amendments.proposed", "{amendment}", "Amendments proposed by delegations.");

    public static readonly Counter<long> AmendmentsDecided =
        Meter.CreateCounter<long>("oewg.amendments.decided", "{amendment}", "The chair's decisions on amendments, by outcome.");

    public static readonly Counter<long> Events =
        Meter.CreateCounter<long>("oewg.events", "{event}", "Events appended to the documents' logs, by type.");

    public static readonly UpDownCounter<long> EventStreams =
        Meter.CreateUpDownCounter<long>("oewg.event_streams.connected", "{stream}", "Server-sent event streams open now.");

    public static readonly Histogram<int> BatchSize =
        Meter.CreateHistogram<int>("oewg.write_batch.size", "{command}", "Commands committed together in one transaction (group commit).");

    public static readonly Histogram<double> WriteDuration =
        Meter.CreateHistogram<double>("oewg.write.duration", "ms", "From a write command's start to its commit, per document.");

    static DraftingMetrics()
    {
        Meter.CreateObservableGauge("oewg.write_queue.waiting", () => Volatile.Read(ref _waitingWriters), "{command}",
            "Write commands waiting for their turn.");
        Meter.CreateObservableGauge("oewg.brackets.open", ObserveOpenBrackets, "{bracket}",
            "Open brackets per document, as of its latest consensus picture.");
    }

    public static void WriterWaiting(int delta) => Interlocked.Add(ref _waitingWriters, delta);

    public static void OpenBrackets(Guid documentId, long count) => OpenBracketsByDocument[documentId] = count;

    private static IEnumerable<Measurement<long>> ObserveOpenBrackets() =>
        OpenBracketsByDocument.Select(d => new Measurement<long>(d.Value, new KeyValuePair<string, object?>("document", d.Key.ToString())));

    /// <summary>After a commit: what the committed events say about the negotiation.</summary>
    public static void Committed(string type)
    {
        Events.Add(1, new KeyValuePair<string, object?>("type", type));
        switch (type)
        {
            case "amendmentProposed":
                AmendmentsProposed.Add(1);
                break;
            case "amendmentAccepted" or "amendmentBracketed" or "amendmentRejected" or "amendmentSuperseded" or "amendmentsMerged":
                AmendmentsDecided.Add(1, new KeyValuePair<string, object?>("outcome", type["amendment".Length..].ToLowerInvariant()));
                break;
        }
    }
}

public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>Serve /metrics in the Prometheus format.</summary>
    public bool Prometheus { get; set; }

    /// <summary>Let /metrics be scraped without the chair's key (on a network only the scraper reaches).</summary>
    public bool PrometheusAllowAnonymous { get; set; }
}

public static class TelemetrySetup
{
    /// <summary>
    /// OpenTelemetry when someone will read it: traces and metrics to OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set,
    /// metrics on /metrics when Telemetry:Prometheus is on. Otherwise nothing is collected.
    /// </summary>
    public static bool AddDraftingTelemetry(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        if (!otlp && !options.Prometheus)
        {
            return false;
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("OewgDrafting"))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation().AddRuntimeInstrumentation().AddMeter(DraftingMetrics.MeterName);
                if (options.Prometheus)
                {
                    metrics.AddPrometheusExporter();
                }
            });
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing.AddAspNetCoreInstrumentation().AddEntityFrameworkCoreInstrumentation());
            telemetry.UseOtlpExporter();
        }

        return options.Prometheus;
    }
}
