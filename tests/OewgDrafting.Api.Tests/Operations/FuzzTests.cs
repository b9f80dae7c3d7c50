using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OewgDrafting.Api.Features.Amendments;
using OewgDrafting.Api.Features.CommentThreads;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Api.Tests.HotPaths;
using OewgDrafting.Api.Tests.Infrastructure;
using Xunit.Abstractions;
using static OewgDrafting.Api.Tests.Infrastructure.HttpExtensions;

namespace OewgDrafting.Api.Tests.Operations;

public sealed class FuzzFactory : DraftingApiFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimiting:PermitsPerSecond"] = "1000000",
        ["RateLimiting:Burst"] = "1000000",
        ["Comments:PerMinute"] = "1000000",
        ["Webhooks:AllowedHosts:0"] = "127.0.0.1",
    };
}

/// <summary>
/// Walks every operation of api-specs/openapi.json with requests generated from its schemas, valid and mutated, as each
/// role (anonymous, observer, two delegations, the secretariat, a facilitator of the fixture's one cluster, the chair): OEWG_FUZZ_REQUESTS of them (5,000 by default),
/// from OEWG_FUZZ_SEED so that a failure reproduces. No answer may be a 5xx (every answer is also checked against the
/// contract on its way), and a refused request may write nothing: the logs, which every change appends to, must not grow.
/// </summary>
public class FuzzTests(FuzzFactory factory, ITestOutputHelper output) : IClassFixture<FuzzFactory>
{
    private static readonly string[] Roles = ["anonymous", "ICRC", "ESP", "FRA", "SEC", "MEX", "CHAIR"];

    private sealed record Operation(string Method, string Path, JsonObject Definition);

    private sealed class Context
    {
        public Guid DocumentId;
        public List<Guid> Blocks = [];
        public Guid AmendmentId;
        public Guid CommentId;
        public Guid ClusterId;
        public Guid WebhookId;
        public Dictionary<string, HttpClient> Clients = [];
    }

    [Fact]
    public async Task Every_operation_for_every_role_answers_without_a_5xx_and_refusals_write_nothing()
    {
        var total = int.TryParse(Environment.GetEnvironmentVariable("OEWG_FUZZ_REQUESTS"), out var n) ? n : 5_000;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("OEWG_FUZZ_SEED"), out var s) ? s : 20261128;
        var random = new Random(seed);
        var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(Fixtures.RepositoryRoot, "api-specs", "openapi.json")))!.AsObject();
        var operations = spec["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(m => new Operation(m.Key.ToUpperInvariant(), p.Key, m.Value!.AsObject())))
            .ToList();
        await factory.EnsureDelegationAsync("SEC", "secretariat");

        var statuses = new SortedDictionary<int, int>();
        var perOperation = operations.ToDictionary(o => $"{o.Method} {o.Path}", _ => 0);
        Context context = null!;
        var failures = new List<string>();
        for (var i = 0; i < total && failures.Count < 10; i++)
        {
            if (i % 250 == 0)
            {
                context = await NewContextAsync();
            }

            var operation = operations[i % operations.Count];
            var role = Roles[random.Next(Roles.Length)];
            var mutate = random.NextDouble() < 0.35;
            using var request = Build(operation, spec, context, random, mutate);
            var before = await LogSizeAsync();
            HttpResponseMessage response;
            try
            {
                response = await context.Clients[role].SendAsync(request);
            }
            catch (Exception e)
            {
                failures.Add($"#{i} {role} {request.Method} {request.RequestUri}: {e.GetType().Name} {e.Message}");
                continue;
            }

            var code = (int)response.StatusCode;
            statuses[code] = statuses.GetValueOrDefault(code) + 1;
            perOperation[$"{operation.Method} {operation.Path}"]++;
            if (code >= 500)
            {
                failures.Add($"#{i} {role} {request.Method} {request.RequestUri} → {code}: {await response.Content.ReadAsStringAsync()}");
            }
            else if (code >= 400 && await LogSizeAsync() != before)
            {
                failures.Add($"#{i} {role} {request.Method} {request.RequestUri} → {code}, yet the log grew: a refused request wrote");
            }
        }

        var summary = $"fuzz test (seed {seed}): {total:N0} requests over {operations.Count} operations and {Roles.Length} roles; statuses "
            + string.Join(", ", statuses.Select(p => $"{p.Key}×{p.Value}")) + $"; 5xx = {statuses.Where(p => p.Key >= 500).Sum(p => p.Value)}, "
            + $"writes by refused requests = {failures.Count(f => f.Contains("wrote", StringComparison.Ordinal))}";
        output.WriteLine(summary);
        DurabilityTests.Report(summary);
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.All(perOperation, p => Assert.True(p.Value > 0, $"{p.Key} was never called"));
    }

    private async Task<(int, int)> LogSizeAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DraftingDbContext>();
        return (await db.DocumentEvents.CountAsync(), await db.RegistryEvents.CountAsync());
    }

    /// <summary>A fresh negotiation to aim at, and a fresh key per role (the fuzz may have revoked or deactivated them).</summary>
    private async Task<Context> NewContextAsync()
    {
        var chair = factory.ChairClient();
        var context = new Context();
        context.Clients["anonymous"] = factory.CreateClient();
        context.Clients["CHAIR"] = chair;
        foreach (var code in new[] { "ICRC", "ESP", "FRA", "SEC", "MEX" })
        {
            await chair.PatchAsync($"/api/delegations/{code}", JsonBody(new { active = true }));
            var issued = await chair.PostAsync($"/api/delegations/{code}/keys", null);
            var key = (await issued.ReadJsonAsync())["key"]!.GetValue<string>();
            context.Clients[code] = factory.ClientWithKey(key);
        }

        var document = await factory.CreateOpenAsync(
            new { kind = "heading", label = "I.", level = 1, text = "Preamble" },
            new { kind = "paragraph", label = "1", text = "States [shall / should] cooperate in good faith." },
            new { kind = "paragraph", label = "2", text = "Second paragraph." });
        context.DocumentId = document.Id;
        context.Blocks = document.Blocks.Select(b => b.Id).ToList();
        await chair.PostAsync($"/api/documents/{document.Id}/languages/fr",
            TextBody("Projet\n\nI. Préambule\n\n1. Les États [doivent / devraient] coopérer.\n\n2. Deuxième paragraphe.\n"));
        var amendment = await context.Clients["ESP"].ProposeAsync(document.Id,
            new { kind = "replace", blockId = document.Blocks[2].Id, baseVersion = 1, quote = "Second", text = "Other" });
        context.AmendmentId = amendment.Id;
        var comment = await context.Clients["ESP"].PostAsync($"/api/documents/{document.Id}/comments", JsonBody(new { blockId = document.Blocks[1].Id, text = "Why?" }));
        context.CommentId = (await comment.ReadAsync<CommentResponse>()).Id;
        var cluster = await chair.PostAsync($"/api/documents/{document.Id}/clusters",
            JsonBody(new { name = "I", sections = new[] { document.Blocks[0].Id }, facilitators = new[] { "MEX" } }));
        context.ClusterId = (await cluster.ReadJsonAsync())["id"]!.GetValue<Guid>();
        // A receiver that is not there (the discard port): deliveries fail and are retried, off every request.
        var webhook = await context.Clients["ESP"].PostAsync("/api/webhooks", JsonBody(new { url = "http://127.0.0.1:9/hook", documentId = document.Id }));
        context.WebhookId = (await webhook.ReadJsonAsync())["subscription"]!["id"]!.GetValue<Guid>();
        return context;
    }

    private static HttpRequestMessage Build(Operation operation, JsonObject spec, Context context, Random random, bool mutate)
    {
        var path = operation.Path;
        var query = new List<string>();
        var request = new HttpRequestMessage(new HttpMethod(operation.Method), "/");
        foreach (var parameter in (operation.Definition["parameters"]?.AsArray() ?? []).Select(p => Resolve(p!, spec).AsObject()))
        {
            var name = parameter["name"]!.GetValue<string>();
            var location = parameter["in"]!.GetValue<string>();
            var value = ParameterValue(name, parameter["schema"] is { } schema ? Resolve(schema, spec) : null, spec, context, random, mutate);
            switch (location)
            {
                case "path":
                    path = path.Replace("{" + name + "}", Uri.EscapeDataString(value), StringComparison.Ordinal);
                    break;
                case "query" when random.NextDouble() < 0.6:
                    query.Add($"{name}={Uri.EscapeDataString(value)}");
                    break;
                case "header" when name is "If-Match" or "If-None-Match" && random.NextDouble() < 0.6:
                    request.Headers.TryAddWithoutValidation(name, random.Next(4) switch { 0 => "\"1\"", 1 => "\"2\"", 2 => "*", _ => "garbage" });
                    break;
            }
        }

        request.RequestUri = new Uri(path + (query.Count > 0 ? "?" + string.Join('&', query) : ""), UriKind.Relative);
        if (operation.Definition["requestBody"]?["content"] is JsonObject content)
        {
            var (mediaType, media) = content.ElementAt(random.Next(content.Count));
            request.Content = Body(mediaType, media?["schema"] is { } schema ? Resolve(schema, spec) : null, spec, context, random, mutate);
        }

        return request;
    }

    private static HttpContent Body(string mediaType, JsonNode? schema, JsonObject spec, Context context, Random random, bool mutate)
    {
        if (mediaType.Contains("json", StringComparison.Ordinal))
        {
            if (mutate && random.Next(4) == 0)
            {
                return new StringContent(random.Next(3) switch { 0 => "{\"text\": ", 1 => "[]", _ => "null" }, Encoding.UTF8, "application/json");
            }

            var value = schema is null ? new JsonObject() : Generate(schema, spec, context, random, 0);
            if (mutate && value is JsonObject body && body.Count > 0)
            {
                var victim = body.ElementAt(random.Next(body.Count)).Key;
                switch (random.Next(4))
                {
                    case 0: body.Remove(victim); break;
                    case 1: body[victim] = 12345; break;
                    case 2: body[victim] = new string('x', 30_000); break;
                    default: body["unexpected"] = true; break;
                }
            }

            return new StringContent(value?.ToJsonString() ?? "null", Encoding.UTF8, "application/json");
        }

        if (mediaType.Contains("openxml", StringComparison.Ordinal))
        {
            var bytes = new byte[random.Next(0, 200)];
            random.NextBytes(bytes);
            return new ByteArrayContent(bytes) { Headers = { ContentType = new(mediaType) } };
        }

        var text = mutate
            ? new string((char)random.Next(32, 0x3000), random.Next(0, 300)) + "[" + (random.Next(2) == 0 ? "]" : "")
            : "Body\n\nTitle\n\nI. Heading\n\n1. Text [a / b].\n\n2. More.\n";
        return new StringContent(text, Encoding.UTF8, mediaType);
    }

    private static string ParameterValue(string name, JsonNode? schema, JsonObject spec, Context context, Random random, bool mutate)
    {
        if (mutate && random.Next(5) == 0)
        {
            return random.Next(3) switch { 0 => Guid.NewGuid().ToString(), 1 => "-1", _ => "%00" };
        }

        return name switch
        {
            "documentId" => context.DocumentId.ToString(),
            "blockId" => context.Blocks[random.Next(context.Blocks.Count)].ToString(),
            "amendmentId" => context.AmendmentId.ToString(),
            "commentId" => context.CommentId.ToString(),
            "clusterId" => context.ClusterId.ToString(),
            "id" => context.WebhookId.ToString(),
            "sectionId" => context.Blocks[random.Next(2) == 0 ? 0 : random.Next(context.Blocks.Count)].ToString(),
            "code" or "delegationCode" => new[] { "ESP", "FRA", "ICRC", "SEC", "CHAIR", "XYZ", "esp" }[random.Next(7)],
            "bracketIndex" => random.Next(-1, 3).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "language" or "lang" => new[] { "fr", "es", "en", "ar", "zz-ZZ", "x" }[random.Next(6)],
            "after" or "offset" => random.Next(-1, 5).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "limit" => random.Next(-1, 30).ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => schema is null ? "x" : Scalar(schema, random) ?? "x",
        };
    }

    private static string? Scalar(JsonNode schema, Random random)
    {
        if (schema["enum"] is JsonArray values && values.Count > 0)
        {
            return values[random.Next(values.Count)]?.ToString();
        }

        var type = schema["type"]?.ToString() ?? "";
        return type.Contains("integer", StringComparison.Ordinal) ? random.Next(0, 4).ToString(System.Globalization.CultureInfo.InvariantCulture)
            : type.Contains("boolean", StringComparison.Ordinal) ? (random.Next(2) == 0 ? "true" : "false")
            : schema["format"]?.ToString() == "uuid" ? Guid.NewGuid().ToString()
            : null;
    }

    private static JsonNode? Generate(JsonNode schema, JsonObject spec, Context context, Random random, int depth)
    {
        schema = Resolve(schema, spec);
        if (schema["oneOf"] is JsonArray oneOf)
        {
            return Generate(oneOf[random.Next(oneOf.Count)]!, spec, context, random, depth + 1);
        }

        if (schema["allOf"] is JsonArray allOf)
        {
            var merged = new JsonObject();
            foreach (var part in allOf)
            {
                if (Generate(part!, spec, context, random, depth + 1) is JsonObject o)
                {
                    foreach (var (k, v) in o.ToList())
                    {
                        o.Remove(k);
                        merged[k] = v;
                    }
                }
            }

            return merged;
        }

        if (schema["enum"] is JsonArray values && values.Count > 0)
        {
            return values[random.Next(values.Count)]?.DeepClone();
        }

        var type = schema["type"] switch
        {
            JsonArray types => types.Select(t => t!.ToString()).Where(t => t != "null").DefaultIfEmpty("null").First(),
            { } t => t.ToString(),
            _ => schema["properties"] is not null ? "object" : "string",
        };
        switch (type)
        {
            case "object" when depth < 4:
                var result = new JsonObject();
                foreach (var (name, property) in schema["properties"]?.AsObject() ?? [])
                {
                    if (random.NextDouble() < 0.8)
                    {
                        result[name] = Named(name, context, random) ?? Generate(property!, spec, context, random, depth + 1);
                    }
                }

                return result;
            case "array" when depth < 4:
                var array = new JsonArray();
                for (var i = random.Next(0, 3); i > 0; i--)
                {
                    array.Add(schema["items"] is { } items ? Generate(items, spec, context, random, depth + 1) : null);
                }

                return array;
            case "integer":
                return random.Next(0, 4);
            case "number":
                return random.NextDouble() * 10;
            case "boolean":
                return random.Next(2) == 0;
            case "string":
                return schema["format"]?.ToString() switch
                {
                    "uuid" => random.Next(3) == 0 ? Guid.NewGuid().ToString() : context.Blocks[random.Next(context.Blocks.Count)].ToString(),
                    "date-time" => DateTimeOffset.UtcNow.AddHours(random.Next(-10, 200)).ToString("O"),
                    _ => new[] { "cooperate", "States", "shall", "Text [a / b].", "", "ESP", "1 bis", "support", "[unbalanced" }[random.Next(9)],
                };
            default:
                return null;
        }
    }

    /// <summary>Values that aim a body at the fixture: its blocks, its amendment, its delegations.</summary>
    private static JsonNode? Named(string name, Context context, Random random) => name switch
    {
        "blockId" or "afterBlockId" => context.Blocks[random.Next(context.Blocks.Count)].ToString(),
        "parentId" => context.CommentId.ToString(),
        "amendmentIds" => new JsonArray(context.AmendmentId.ToString()),
        "cosponsors" or "members" => new JsonArray("FRA"),
        "url" => new[] { "http://127.0.0.1:9/hook", "https://10.0.0.1/x", "ftp://x", "https://93.184.216.34/hook" }[random.Next(4)],
        "documentId" => context.DocumentId.ToString(),
        "fromSequence" => random.Next(-1, 5),
        "sections" => new JsonArray(context.Blocks[random.Next(2) == 0 ? 0 : random.Next(context.Blocks.Count)].ToString()),
        "facilitators" => new JsonArray(new[] { "MEX", "FRA", "ICRC", "mex" }[random.Next(4)]),
        "baseVersion" or "expectedVersion" or "translatesVersion" => random.Next(0, 3),
        "delegation" or "onBehalfOf" => new[] { "ESP", "FRA", "EU" }[random.Next(3)],
        _ => null,
    };

    private static JsonNode Resolve(JsonNode node, JsonObject spec)
    {
        for (var guard = 0; guard < 10 && node is JsonObject o && o["$ref"] is { } reference; guard++)
        {
            var path = reference.GetValue<string>().TrimStart('#', '/').Split('/');
            node = path.Aggregate((JsonNode)spec, (current, segment) => current[segment]!);
        }

        return node;
    }
}
