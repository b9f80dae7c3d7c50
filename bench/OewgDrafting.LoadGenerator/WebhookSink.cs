using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

/// <summary>
/// The receiving end of the webhook load: one subscription per seeded delegation (its own path on a Kestrel sink here),
/// each following a few paragraphs of the seeded document; when told the load is over (a file appears), it reads the
/// document's log and waits until every event each subscription should receive has arrived, then prints what came.
///   webhooks --base URL --chair-key KEY --seed seed.json --port 5393 --ready FILE --done FILE [--follow 5] [--wait 300]
/// </summary>
internal static class WebhookSink
{
    public static async Task<int> RunAsync(HttpClient http, string chairKey, Options options)
    {
        var seed = JsonNode.Parse(await File.ReadAllTextAsync(options.Get("seed", "seed.json")))!;
        var documentId = seed["documentId"]!.GetValue<Guid>();
        var keys = seed["keys"]!.AsArray().Select(k => k!.GetValue<string>()).ToList();
        var blocks = seed["blocks"]!.AsArray().Select(b => b!["id"]!.GetValue<Guid>()).ToList();
        var port = options.Int("port", 5393);
        var follow = options.Int("follow", 5);
        var received = new ConcurrentDictionary<int, ConcurrentDictionary<string, int>>();

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/hook/{n:int}", (int n, HttpRequest request) =>
        {
            received.GetOrAdd(n, _ => new ConcurrentDictionary<string, int>()).AddOrUpdate(request.Headers["webhook-id"].ToString(), 1, (_, c) => c + 1);
            return Results.NoContent();
        });
        await app.StartAsync();

        // Each delegation follows a few paragraphs, the same ones on every run.
        var random = new Random(20261207);
        var subscriptions = new List<(int Path, HashSet<string> Blocks, long From)>();
        var from = (await Seeding.SendAsync(http, chairKey, HttpMethod.Get, $"/api/documents/{documentId}", null))!["version"]!.GetValue<long>();
        for (var i = 0; i < keys.Count; i++)
        {
            var followed = Enumerable.Range(0, follow).Select(_ => blocks[random.Next(blocks.Count)]).Distinct().ToList();
            await Seeding.SendAsync(http, keys[i], HttpMethod.Post, "/api/webhooks",
                new { url = $"http://127.0.0.1:{port}/hook/{i}", documentId, blockIds = followed });
            subscriptions.Add((i, followed.Select(b => b.ToString()).ToHashSet(), from));
        }

        await File.WriteAllTextAsync(options.Get("ready", "webhooks.ready"), $"{subscriptions.Count}\n");
        var done = options.Get("done", "webhooks.done");
        while (!File.Exists(done))
        {
            await Task.Delay(200);
        }

        // What each subscription should get: every event of the log after its start touching a paragraph it follows.
        var events = new List<(long Sequence, string[] Touches)>();
        for (var after = from; ;)
        {
            var page = (await Seeding.SendAsync(http, chairKey, HttpMethod.Get, $"/api/documents/{documentId}/events?after={after}&limit=1000", null))!;
            var batch = page["events"]!.AsArray();
            events.AddRange(batch.Select(e => (e!["sequence"]!.GetValue<long>(), e["touches"]!.AsArray().Select(t => t!.GetValue<string>()).ToArray())));
            if (!page["hasMore"]!.GetValue<bool>() || batch.Count == 0)
            {
                break;
            }

            after = events[^1].Sequence;
        }

        var expected = subscriptions.ToDictionary(s => s.Path,
            s => events.Where(e => e.Touches.Any(s.Blocks.Contains)).Select(e => $"msg_{documentId:N}_{e.Sequence}").ToHashSet());
        var total = expected.Values.Sum(e => e.Count);
        int Arrived() => expected.Sum(p => received.TryGetValue(p.Key, out var got) ? p.Value.Count(got.ContainsKey) : 0);
        var watch = Stopwatch.StartNew();
        var limit = TimeSpan.FromSeconds(options.Int("wait", 300));
        while (Arrived() < total && watch.Elapsed < limit)
        {
            await Task.Delay(200);
        }

        var arrived = Arrived();
        var repeats = received.Values.Sum(p => p.Values.Sum(c => c - 1));
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            subscriptions = subscriptions.Count,
            events = events.Count,
            expected = total,
            arrived,
            missing = total - arrived,
            repeats,
            drainedSeconds = Math.Round(watch.Elapsed.TotalSeconds, 1),
        }));
        await app.StopAsync();
        return arrived == total ? 0 : 1;
    }
}
