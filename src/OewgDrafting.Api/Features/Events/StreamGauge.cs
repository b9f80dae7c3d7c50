namespace OewgDrafting.Api.Features.Events;

/// <summary>Counts a stream as connected until it ends, however it ends.</summary>
internal sealed class StreamGauge : IDisposable
{
    public void Dispose() => Infrastructure.Telemetry.DraftingMetrics.EventStreams.Add(-1);
}
