using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using OewgDrafting.Api.Infrastructure.Telemetry;
using OewgDrafting.Api.Tests.Infrastructure;
using static OewgDrafting.Api.Tests.Infrastructure.HttpExtensions;

namespace OewgDrafting.Api.Tests.Operations;

public sealed class PrometheusFactory : DraftingApiFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Telemetry:Prometheus"] = "true" };
}

/// <summary>Metrics that mean something to a chair's office as well as to an operator, scraped by Prometheus with the chair's key.</summary>
public class TelemetryTests(PrometheusFactory factory) : IClassFixture<PrometheusFactory>
{
    [Fact]
    public async Task Proposals_decisions_brackets_streams_and_the_write_queue_are_measured()
    {
        var seen = new ConcurrentBag<(string Name, double Value, string Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == DraftingMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => seen.Add((i.Name, v, string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}")))));
        listener.SetMeasurementEventCallback<int>((i, v, tags, _) => seen.Add((i.Name, v, "")));
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => seen.Add((i.Name, v, string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}")))));
        listener.Start();

        var document = await factory.CreateOpenAsync();
        var esp = await factory.ClientForAsync("ESP");
        var amendment = await esp.ProposeAsync(document.Id, new { kind = "replace", blockId = document.Blocks[1].Id, baseVersion = 1, quote = "cooperate", text = "act" });
        await factory.ChairClient().PostAsync($"/api/documents/{document.Id}/amendments/{amendment.Id}/accept", null);
        await factory.ChairClient().GetAsync($"/api/documents/{document.Id}/consensus");
        listener.RecordObservableInstruments();

        Assert.Contains(seen, m => m.Name == "oewg.amendments.proposed" && m.Value == 1);
        Assert.Contains(seen, m => m.Name == "oewg.amendments.decided" && m.Tags == "outcome=accepted");
        Assert.Contains(seen, m => m.Name == "oewg.events" && m.Tags == "type=amendmentProposed");
        Assert.Contains(seen, m => m.Name == "oewg.write_batch.size" && m.Value >= 1);
        Assert.Contains(seen, m => m.Name == "oewg.write.duration" && m.Tags == $"document={document.Id}");
        Assert.Contains(seen, m => m.Name == "oewg.brackets.open" && m.Tags == $"document={document.Id}" && m.Value == 1);
        Assert.Contains(seen, m => m.Name == "oewg.write_queue.waiting");

        // A stream counts while it is open.
        using var stream = new HttpRequestMessage(HttpMethod.Get, $"/api/documents/{document.Id}/events");
        stream.Headers.Accept.ParseAdd("text/event-stream");
        using var open = await esp.SendAsync(stream, HttpCompletionOption.ResponseHeadersRead);
        for (var attempt = 0; attempt < 100 && !seen.Any(m => m.Name == "oewg.event_streams.connected" && m.Value == 1); attempt++)
        {
            await Task.Delay(20);
        }

        Assert.Contains(seen, m => m.Name == "oewg.event_streams.connected" && m.Value == 1);
    }

    [Fact]
    public async Task Prometheus_scrapes_metrics_with_the_chairs_key_only()
    {
        var document = await factory.CreateOpenAsync();
        await (await factory.ClientForAsync("FRA")).ProposeAsync(document.Id,
            new { kind = "replace", blockId = document.Blocks[1].Id, baseVersion = 1, quote = "cooperate", text = "act" });

        string text = "";
        for (var attempt = 0; attempt < 20 && !text.Contains("oewg_amendments_proposed", StringComparison.Ordinal); attempt++)
        {
            var scraped = await factory.ChairClient().GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
            text = await scraped.Content.ReadAsStringAsync();
            await Task.Delay(100);
        }

        Assert.Contains("oewg_amendments_proposed", text);
        Assert.Contains("http_server_request_duration", text);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await factory.ClientForAsync("FRA")).GetAsync("/metrics")).StatusCode);
    }
}
