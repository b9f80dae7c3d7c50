using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OewgDrafting.Api.Tests.Infrastructure;

/// <summary>
/// The response-validation check: every response any test of this suite receives is held against the checked-in
/// API description (api-specs/openapi.json) before the test sees it. Its status must be one the operation
/// documents, its media type one documented for that status, and a JSON body must validate against that schema
/// (JSON Schema 2020-12, with JsonSchema.Net). A response that does not is replaced by a 500 naming the
/// violation, so the test that received it fails and says why; the violations are also kept for the summary test.
/// </summary>
public static class ContractValidation
{
    private static readonly Lazy<JsonObject> Spec = new(() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Fixtures.RepositoryRoot, "api-specs", "openapi.json")))!.AsObject());

    private static readonly ConcurrentDictionary<string, JsonSchema> Schemas = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, JsonObject?> Operations = new(StringComparer.Ordinal);

    public static ConcurrentBag<string> Violations { get; } = [];

    /// <summary>Operation id → statuses checked, for the summary test.</summary>
    public static ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> Checked { get; } = new(StringComparer.Ordinal);

    public static string? Check(string operationId, int status, string? contentType, ReadOnlySpan<byte> body)
    {
        var operation = Operations.GetOrAdd(operationId, FindOperation);
        if (operation is null)
        {
            return $"{operationId} is not in api-specs/openapi.json";
        }

        var code = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Checked.GetOrAdd(operationId, _ => new ConcurrentDictionary<string, byte>())[code] = 0;
        if (operation["responses"]?[code] is not JsonObject response)
        {
            return $"{operationId} answered {status}, which the description does not list";
        }

        if (body.Length == 0 || status is 204 or 304)
        {
            return null;
        }

        var mediaType = contentType?.Split(';')[0].Trim();
        if (response["content"] is not JsonObject content || mediaType is null || !content.ContainsKey(mediaType))
        {
            return $"{operationId} {status} answered {mediaType ?? "no media type"}, which the description does not list for it";
        }

        if (!mediaType.EndsWith("json", StringComparison.Ordinal))
        {
            return null;
        }

        var schema = Schemas.GetOrAdd($"{operationId}/{code}/{mediaType}", key => Build(key, content[mediaType]!["schema"]!));
        using var document = JsonDocument.Parse(body.ToArray());
        var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (result.IsValid)
        {
            return null;
        }

        var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Value}")).Take(8);
        return $"{operationId} {status} {mediaType} does not match its schema: {string.Join("; ", errors)}";
    }

    private static JsonObject? FindOperation(string operationId)
    {
        foreach (var (_, path) in Spec.Value["paths"]!.AsObject())
        {
            foreach (var (_, operation) in path!.AsObject())
            {
                if (operation is JsonObject o && (string?)o["operationId"] == operationId)
                {
                    return o;
                }
            }
        }

        return null;
    }

    /// <summary>A standalone 2020-12 schema: the response's schema, with the description's components as its $defs.</summary>
    private static JsonSchema Build(string key, JsonNode schema)
    {
        var defs = Rewrite(Spec.Value["components"]!["schemas"]!.DeepClone());
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$defs"] = defs,
            ["allOf"] = new JsonArray(Rewrite(schema.DeepClone())),
        };
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        return JsonSchema.FromText(root.ToJsonString(), options, new Uri("https://oewgdrafting.test/" + Uri.EscapeDataString(key)));
    }

    /// <summary>OpenAPI's component references become $defs references; OpenAPI-only keywords go.</summary>
    private static JsonNode Rewrite(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                o.Remove("discriminator");
                foreach (var (name, value) in o.ToList())
                {
                    if (name == "$ref" && value is JsonValue v && v.TryGetValue<string>(out var reference))
                    {
                        o["$ref"] = reference.Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
                    }
                    else if (value is not null)
                    {
                        Rewrite(value);
                    }
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    if (item is not null)
                    {
                        Rewrite(item);
                    }
                }

                break;
        }

        return node;
    }
}

/// <summary>Puts the check in front of the whole pipeline of a test host.</summary>
public sealed class ContractValidationStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, proceed) =>
        {
            if (context.Request.Headers.Accept.ToString().Contains("text/event-stream", StringComparison.OrdinalIgnoreCase))
            {
                await proceed(context);
                return;
            }

            var original = context.Response.Body;
            using var buffer = new MemoryStream();
            context.Response.Body = buffer;
            try
            {
                await proceed(context);
            }
            finally
            {
                context.Response.Body = original;
            }

            var name = context.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;
            var violation = name is null || !context.Request.Path.StartsWithSegments("/api")
                ? null
                : ContractValidation.Check(name, context.Response.StatusCode, context.Response.ContentType, Decoded(context.Response, buffer));
            if (violation is not null && !context.Response.HasStarted)
            {
                ContractValidation.Violations.Add(violation);
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                context.Response.ContentType = "application/json";
                context.Response.ContentLength = null;
                await context.Response.WriteAsJsonAsync(new { title = "Contract violation", detail = violation });
                return;
            }

            buffer.Position = 0;
            await buffer.CopyToAsync(original);
        });
        next(app);
    };

    /// <summary>The body as the client reads it: a gzipped one (a text sent to a client that accepts gzip) is unzipped first.</summary>
    private static byte[] Decoded(HttpResponse response, MemoryStream buffer)
    {
        var body = buffer.GetBuffer().AsSpan(0, (int)buffer.Length).ToArray();
        if (!string.Equals(response.Headers.ContentEncoding.ToString(), "gzip", StringComparison.OrdinalIgnoreCase))
        {
            return body;
        }

        using var gunzip = new System.IO.Compression.GZipStream(new MemoryStream(body), System.IO.Compression.CompressionMode.Decompress);
        using var plain = new MemoryStream();
        gunzip.CopyTo(plain);
        return plain.ToArray();
    }
}
