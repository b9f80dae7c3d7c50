using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

// Usage: OewgDrafting.LoadGenerator accept-latency --base http://127.0.0.1:5080 --chair-key KEY
//        [--paragraphs 1000] [--amendments 20000] [--accepts 300] [--delegations 193]
// Seeds a negotiation through the API, then times the chair accepting amendments one after another.
var options = Options.Parse(args);
var uri = new Uri(options.Get("base", "http://127.0.0.1:5080"));
if (!uri.IsLoopback)
{
    Console.Error.WriteLine("This load generator only targets servers on this machine (loopback).");
    return 2;
}

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = uri, Timeout = TimeSpan.FromMinutes(5) };
var chairKey = options.Get("chair-key", Environment.GetEnvironmentVariable("OEWG_CHAIR_KEY") ?? "");
var paragraphs = options.Int("paragraphs", 1_000);
var amendmentCount = options.Int("amendments", 20_000);
var accepts = options.Int("accepts", 300);
var delegationCount = options.Int("delegations", 193);

switch (options.Command)
{
    case "accept-latency":
        return await AcceptLatencyAsync();
    case "seed":
        return await SeedAsync();
    case "count":
        return await CountAmendmentsAsync();
    case "flat":
        return await FlatLatencyAsync();
    case "search-latency":
        return await SearchLatency.RunAsync(http, chairKey, options.Int("paragraphs", 10_000), options.Int("searches", 1_000), options.Int("precedents", 300));
    case "webhooks":
        return await WebhookSink.RunAsync(http, chairKey, options);
    default:
        Console.Error.WriteLine("Commands: accept-latency, seed, count, flat, search-latency, webhooks");
        return 2;
}

// Seeds delegations and an open document for an external load generator (wrk, bench/wrk/*.lua), and writes what it needs.
async Task<int> SeedAsync()
{
    var keys = await Seeding.DelegationsAsync(http, chairKey, delegationCount);
    var (documentId, blocks) = await Seeding.DocumentAsync(http, chairKey, paragraphs);
    var texts = new List<string[]>();
    foreach (var block in blocks)
    {
        var node = await Seeding.SendAsync(http, chairKey, HttpMethod.Get, $"/api/documents/{documentId}/blocks/{block}", null);
        texts.Add(node!["text"]!.GetValue<string>().TrimEnd('.').Split(' '));
    }

    var output = options.Get("out", "seed.json");
    await File.WriteAllTextAsync(output, JsonSerializer.Serialize(new
    {
        documentId,
        keys,
        blocks = blocks.Select((id, i) => new { id, words = texts[i] }),
    }));
    if (options.Get("lua", "") is { Length: > 0 } lua)
    {
        // The same, as a Lua table for the wrk scripts in bench/wrk (keys and words are plain ASCII), with a few words
        // a paragraph: wrk loads the file once per thread, one thread after another, and 193 full copies took seconds.
        var builder = new System.Text.StringBuilder();
        builder.Append("return {\n  document = \"").Append(documentId).Append("\",\n  keys = {");
        builder.AppendJoin(",", keys.Select(k => $"\"{k}\"")).Append("},\n  blocks = {\n");
        foreach (var (id, i) in blocks.Select((id, i) => (id, i)))
        {
            builder.Append("    { id = \"").Append(id).Append("\", words = {").AppendJoin(",", texts[i].Take(8).Select(w => $"\"{w}\"")).Append("} },\n");
        }

        await File.WriteAllTextAsync(lua, builder.Append("  },\n}\n").ToString());
    }

    Console.WriteLine($"seeded {keys.Count} delegations and document {documentId} ({blocks.Count} paragraphs) into {output}");
    return 0;
}

// Counts the amendments a load run left behind: every acknowledged proposal is stored exactly once, nothing
// is stored twice, and the only extra ones are requests still in flight when the run stopped.
async Task<int> CountAmendmentsAsync()
{
    var documentId = options.Get("document", "");
    // A JSON array of texts, or a folder of files with one text a line (what bench/wrk/propose.lua writes).
    var source = options.Get("acknowledged", "ack.json");
    var acknowledged = Directory.Exists(source)
        ? Directory.GetFiles(source, "ack-*.txt").SelectMany(File.ReadAllLines).Where(l => l.Length > 0).ToList()
        : JsonSerializer.Deserialize<List<string>>(await File.ReadAllTextAsync(source))!;
    var inFlight = options.Int("in-flight", 0);
    var all = (await Seeding.SendAsync(http, chairKey, HttpMethod.Get, $"/api/documents/{documentId}/amendments", null))!.AsArray();
    var texts = all.Select(a => a!["text"]!.GetValue<string>()).ToList();
    var ids = all.Select(a => a!["id"]!.GetValue<string>()).ToList();
    var numbers = all.Select(a => a!["number"]!.GetValue<int>()).ToList();
    var events = 0;
    var after = 0L;
    while (true)
    {
        var page = await Seeding.SendAsync(http, chairKey, HttpMethod.Get, $"/api/documents/{documentId}/events?after={after}&limit=1000", null);
        var batch = page!["events"]!.AsArray();
        events += batch.Count(e => e!["type"]!.GetValue<string>() == "amendmentProposed");
        if (batch.Count == 0 || !page["hasMore"]!.GetValue<bool>())
        {
            break;
        }

        after = batch[^1]!["sequence"]!.GetValue<long>();
    }

    var stored = texts.ToHashSet(StringComparer.Ordinal);
    var lost = acknowledged.Count(t => !stored.Contains(t));
    var duplicated = texts.Count - stored.Count + (ids.Count - ids.Distinct().Count());
    var unanswered = texts.Count - acknowledged.Count;
    var gaps = numbers.Count == 0 ? 0 : numbers.Max() - numbers.Count;
    Console.WriteLine($"amendments stored: {texts.Count}; acknowledged: {acknowledged.Count}; lost: {lost}; duplicated: {duplicated}; "
        + $"stored but unanswered when the run stopped: {unanswered} (at most {inFlight}); gaps in numbering: {gaps}; amendmentProposed events: {events}");
    return lost == 0 && duplicated == 0 && unanswered >= 0 && unanswered <= inFlight && gaps == 0 && events == texts.Count ? 0 : 1;
}

// A proposal's latency as the pending amendments on its paragraph pile up: one client proposes to one paragraph,
// one after another; the median of the first proposals (none pending) is compared with the median once 1,000 are.
async Task<int> FlatLatencyAsync()
{
    var pendingTarget = options.Int("pending", 1_000);
    var sample = options.Int("sample", 100);
    var keys = await Seeding.DelegationsAsync(http, chairKey, delegationCount);
    var (documentId, blocks) = await Seeding.DocumentAsync(http, chairKey, 2);
    var block = blocks[0];
    var text = (await Seeding.SendAsync(http, chairKey, HttpMethod.Get, $"/api/documents/{documentId}/blocks/{block}", null))!["text"]!.GetValue<string>();
    var words = text.TrimEnd('.').Split(' ');
    var latencies = new List<(int Pending, double Ms, int Bytes)>();
    for (var i = 0; i < pendingTarget + sample; i++)
    {
        var started = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/documents/{documentId}/amendments");
        request.Headers.Add("X-Api-Key", keys[i % keys.Count]);
        request.Content = JsonContent.Create(new { kind = "replace", blockId = block, baseVersion = 1, quote = words[i % words.Length], text = $"flat{i}" });
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (!response.IsSuccessStatusCode)
        {
            Console.Error.WriteLine($"proposal {i}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body)}");
            return 1;
        }

        latencies.Add((i, elapsed, body.Length));
    }

    // The first proposals warm the server up (JIT, connections): the "none pending" sample is taken on a second
    // paragraph with nothing pending, after the first one was filled.
    var fresh = new List<(double Ms, int Bytes)>();
    var other = blocks[1];
    var otherWords = (await Seeding.SendAsync(http, chairKey, HttpMethod.Get, $"/api/documents/{documentId}/blocks/{other}", null))!["text"]!
        .GetValue<string>().TrimEnd('.').Split(' ');
    for (var i = 0; i < sample; i++)
    {
        // Withdraw each at once, so that the paragraph stays at zero pending.
        var started = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/documents/{documentId}/amendments");
        request.Headers.Add("X-Api-Key", keys[0]);
        request.Content = JsonContent.Create(new { kind = "replace", blockId = other, baseVersion = 1, quote = otherWords[i % otherWords.Length], text = $"fresh{i}" });
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        fresh.Add((Stopwatch.GetElapsedTime(started).TotalMilliseconds, body.Length));
        var id = JsonNode.Parse(body)!["id"]!.GetValue<string>();
        await Seeding.SendAsync(http, keys[0], HttpMethod.Post, $"/api/documents/{documentId}/amendments/{id}/withdraw", null);
    }

    var full = latencies.Skip(pendingTarget).ToList();
    var zero = fresh.Select(f => f.Ms).Order().ToList();
    var loaded = full.Select(f => f.Ms).Order().ToList();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{{\"pendingNone\":{{\"p50ms\":{Percentile(zero, 0.5):F3},\"p99ms\":{Percentile(zero, 0.99):F3},\"bytes\":{fresh.Max(f => f.Bytes)}}},"
        + $"\"pending{pendingTarget}\":{{\"p50ms\":{Percentile(loaded, 0.5):F3},\"p99ms\":{Percentile(loaded, 0.99):F3},\"bytes\":{full.Max(f => f.Bytes)}}},"
        + $"\"ratio\":{Percentile(loaded, 0.5) / Percentile(zero, 0.5):F2}}}"));
    return 0;
}

async Task<int> AcceptLatencyAsync()
{
    var clock = Stopwatch.StartNew();
    var keys = await Seeding.DelegationsAsync(http, chairKey, delegationCount);
    var (documentId, blocks) = await Seeding.DocumentAsync(http, chairKey, paragraphs);
    Console.WriteLine($"seeded {delegationCount} delegations and a {paragraphs}-paragraph document in {clock.Elapsed.TotalSeconds:F1} s");

    clock.Restart();
    var proposed = await Seeding.AmendmentsAsync(http, documentId, blocks, keys, amendmentCount);
    Console.WriteLine($"proposed {proposed.Count} amendments from {keys.Count} delegations in {clock.Elapsed.TotalSeconds:F1} s "
        + $"({proposed.Count / clock.Elapsed.TotalSeconds:F0}/s)");

    // The chair's dashboard on the full negotiation, end to end (query and JSON): cold, right after a change
    // (a delegation's position), and warm, polled again at the same document version.
    var cold = new List<double>();
    var warm = new List<double>();
    for (var i = 0; i < 40; i++)
    {
        await Seeding.SendAsync(http, keys[i % keys.Count], HttpMethod.Put,
            $"/api/documents/{documentId}/blocks/{blocks[i]}/positions/L{i % keys.Count + 1:D3}", new { stance = "support" });
        for (var j = 0; j < 2; j++)
        {
            var started = Stopwatch.GetTimestamp();
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/documents/{documentId}/consensus");
            request.Headers.Add("X-Api-Key", chairKey);
            using var response = await http.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            if (i >= 5)
            {
                (j == 0 ? cold : warm).Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }
    }

    cold.Sort();
    warm.Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"consensus picture: after a change median {Percentile(cold, 0.50):F2} ms (p95 {Percentile(cold, 0.95):F2} ms); polled again median {Percentile(warm, 0.50):F2} ms"));

    var compilation = new List<double>();
    for (var i = 0; i < 13; i++)
    {
        var started = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/documents/{documentId}/text?view=compilation&format=markdown");
        request.Headers.Add("X-Api-Key", chairKey);
        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        if (i >= 3)
        {
            compilation.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    compilation.Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"compilation text (Markdown, end to end): median {Percentile(compilation, 0.50):F2} ms, p95 {Percentile(compilation, 0.95):F2} ms"));

    // Accept one amendment per paragraph: each decision re-reads and rewrites a paragraph that carries ~20 others.
    var targets = proposed.GroupBy(p => p.BlockId).Select(g => g.First()).Take(accepts + 10).ToList();
    var latencies = new List<double>(targets.Count);
    var failures = 0;
    foreach (var (index, (id, _)) in targets.Index())
    {
        var started = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/documents/{documentId}/amendments/{id}/accept");
        request.Headers.Add("X-Api-Key", chairKey);
        using var response = await http.SendAsync(request);
        if (index >= 10)
        {
            // The first ten are the warm-up (JIT, connections), not timed.
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        if (!response.IsSuccessStatusCode)
        {
            failures++;
        }
    }

    var accepted = await Seeding.CountAsync(http, chairKey, documentId, "accepted");
    var pending = await Seeding.CountAsync(http, chairKey, documentId, "proposed");
    latencies.Sort();
    Console.WriteLine($"accepted {latencies.Count} amendments ({failures} failed); the document now has {accepted} accepted and {pending} pending");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"accept latency: median {Percentile(latencies, 0.50):F2} ms, p95 {Percentile(latencies, 0.95):F2} ms, p99 {Percentile(latencies, 0.99):F2} ms, max {latencies[^1]:F2} ms"));
    return failures == 0 && accepted == targets.Count && pending == proposed.Count - accepted ? 0 : 1;
}

static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

internal sealed record Proposed(Guid Id, Guid BlockId);

internal static class Seeding
{
    private static readonly string[] Words =
        ["States", "shall", "cooperate", "international", "law", "information", "security", "capacity-building", "confidence",
         "measures", "responsible", "behaviour", "accordance", "principles", "sovereignty", "infrastructure", "protection", "dialogue"];

    public static async Task<List<string>> DelegationsAsync(HttpClient http, string chairKey, int count)
    {
        var keys = new List<string>(count);
        for (var i = 1; i <= count; i++)
        {
            var code = $"L{i:D3}";
            await SendAsync(http, chairKey, HttpMethod.Post, "/api/delegations", new { code, name = $"Delegation {i}", kind = "memberState" }, allowConflict: true);
            var issued = await SendAsync(http, chairKey, HttpMethod.Post, $"/api/delegations/{code}/keys", null);
            keys.Add(issued!["key"]!.GetValue<string>());
        }

        return keys;
    }

    public static async Task<(Guid Id, List<Guid> Blocks)> DocumentAsync(HttpClient http, string chairKey, int paragraphs)
    {
        var random = new Random(11);
        var blocks = Enumerable.Range(1, paragraphs).Select(n => (object)new
        {
            kind = "paragraph",
            label = n.ToString(CultureInfo.InvariantCulture),
            text = string.Join(' ', Enumerable.Range(0, 40).Select(i => $"{Words[random.Next(Words.Length)]}{n:D4}w{i:D2}")) + ".",
        }).ToList();
        var document = await SendAsync(http, chairKey, HttpMethod.Post, "/api/documents",
            new { symbol = $"A/AC.999/{Guid.NewGuid():N}"[..24], title = "Load test report", language = "en", blocks });
        var id = Guid.Parse(document!["id"]!.GetValue<string>());
        await SendAsync(http, chairKey, HttpMethod.Post, $"/api/documents/{id}/open", null);
        return (id, document["blocks"]!.AsArray().Select(b => Guid.Parse(b!["id"]!.GetValue<string>())).ToList());
    }

    /// <summary>Each amendment replaces one unique word of a paragraph; delegations submit in parallel.</summary>
    public static async Task<List<Proposed>> AmendmentsAsync(HttpClient http, Guid documentId, List<Guid> blocks, List<string> keys, int count)
    {
        var results = new Proposed[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var block = i % blocks.Count;
            var word = i / blocks.Count % 40;
            var text = await GetBlockTextAsync(http, keys[i % keys.Count], documentId, blocks[block]);
            var quote = text.Split(' ')[word].TrimEnd('.');
            var created = await SendAsync(http, keys[i % keys.Count], HttpMethod.Post, $"/api/documents/{documentId}/amendments", new
            {
                kind = "replace",
                blockId = blocks[block],
                baseVersion = 1,
                quote,
                text = $"amended{i}",
                justification = "Load test.",
            });
            results[i] = new Proposed(Guid.Parse(created!["id"]!.GetValue<string>()), blocks[block]);
        });
        return [.. results];
    }

    private static readonly Dictionary<Guid, string> Texts = [];

    private static async Task<string> GetBlockTextAsync(HttpClient http, string key, Guid documentId, Guid blockId)
    {
        lock (Texts)
        {
            if (Texts.TryGetValue(blockId, out var known))
            {
                return known;
            }
        }

        var block = await SendAsync(http, key, HttpMethod.Get, $"/api/documents/{documentId}/blocks/{blockId}", null);
        var text = block!["text"]!.GetValue<string>();
        lock (Texts)
        {
            Texts[blockId] = text;
        }

        return text;
    }

    public static async Task<int> CountAsync(HttpClient http, string key, Guid documentId, string status) =>
        (await SendAsync(http, key, HttpMethod.Get, $"/api/documents/{documentId}/amendments?status={status}", null))!.AsArray().Count;

    public static async Task<JsonNode?> SendAsync(HttpClient http, string key, HttpMethod method, string url, object? body, bool allowConflict = false)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, url);
            request.Headers.Add("X-Api-Key", key);
            if (body is not null)
            {
                request.Content = JsonContent.Create(body);
            }

            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if ((int)response.StatusCode == 429 && attempt < 20)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
                continue;
            }

            if (allowConflict && (int)response.StatusCode == 409)
            {
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{method} {url}: {(int)response.StatusCode} {text}");
            }

            return text.Length == 0 ? null : JsonNode.Parse(text);
        }
    }
}

internal sealed class Options(string command, Dictionary<string, string> values)
{
    public string Command { get; } = command;

    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        return new Options(args.Length > 0 ? args[0] : "", values);
    }

    public string Get(string name, string fallback) => values.TryGetValue(name, out var v) ? v : fallback;

    public int Int(string name, int fallback) => values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
}
