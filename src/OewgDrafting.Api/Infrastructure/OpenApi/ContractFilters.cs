using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using OewgDrafting.Api.Features.Consensus;
using OewgDrafting.Api.Features.Delegations;
using OewgDrafting.Api.Features.Events;
using OewgDrafting.Api.Features.Revisions;
using OewgDrafting.Api.Infrastructure.Auth;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Domain.Amendments;
using OewgDrafting.Domain.Revisions;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace OewgDrafting.Api.Infrastructure.OpenApi;

/// <summary>The string values the API answers with in properties typed as strings on the wire.</summary>
public static class ContractEnums
{
    public static readonly Dictionary<(Type Type, string Property), string[]> Properties = new()
    {
        [(typeof(AdoptionResponse), nameof(AdoptionResponse.Method))] = ["consensus", "silence procedure"],
        [(typeof(AmendmentHistoryEntry), nameof(AmendmentHistoryEntry.Action))] =
            ["proposed", "cosponsored", "cosponsorshipWithdrawn", "cosponsorshipDeclined", "withdrawn", "accepted", "bracketed", "rejected", "merged", "superseded",
                "lapsed", "subAmended"],
        [(typeof(Features.Meetings.DecisionListItem), nameof(Features.Meetings.DecisionListItem.Order))] = ["furthestFromText", "chair"],
        [(typeof(DelegationResponse), nameof(DelegationResponse.Role))] = [Roles.Chair, Roles.Delegation, Roles.Observer, Roles.Secretariat],
        [(typeof(EventResponse), nameof(EventResponse.Type))] = [.. EventType.All.Select(t => t.Name)],
        [(typeof(RegistryEventResponse), nameof(RegistryEventResponse.Type))] = [.. RegistryEventTypes.All],
        [(typeof(Reservation), nameof(Reservation.Target))] = ["block", "amendment", "bracket"],
        [(typeof(WordChange), nameof(WordChange.Type))] = ["unchanged", "inserted", "deleted"],
    };

    /// <summary>Query parameters parsed by the endpoints themselves (to answer 400/406 with a useful detail).</summary>
    public static readonly Dictionary<string, string[]> QueryParameters = new(StringComparer.Ordinal)
    {
        ["format"] = ["json", "markdown", "plain", "html", "docx", "akn"],
        ["view"] = ["clean", "compilation"],
        ["status"] = ["proposed", "withdrawn", "accepted", "bracketed", "rejected", "merged", "superseded", "lapsed"],
        ["ListComments:status"] = ["open", "resolved"],
        ["ListDocumentEvents:format"] = ["json", "jsonl"],
        ["state"] = ["current", "outdated", "missing"],
        ["Search:status"] = ["pending", "agreedAdRef", "adopted"],
        ["Search:kind"] = ["negotiation", "reference"],
        ["Search:type"] = ["paragraph", "version", "amendment", "translation", "comment"],
        ["ImportDocument:kind"] = ["negotiation", "reference"],
        ["GetRevisionSources:format"] = ["json", "csv", "docx"],
        ["GetDecisionList:format"] = ["json", "markdown", "docx"],
    };
}

/// <summary>
/// Makes schemas say exactly what the answers hold: every property of an answer is present (required), unless it is
/// left out when empty (<c>JsonIgnore(WhenWritingNull)</c>); nullable properties admit null, references included; and
/// strings with a fixed set of values are enums.
/// </summary>
internal sealed class ContractSchemaFilter : ISchemaFilter
{
    private static readonly NullabilityInfoContext Nullability = new();

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema target || target.Properties is null || context.Type.IsEnum || context.Type.IsPrimitive)
        {
            return;
        }

        var isRequest = IsRequest(context.Type);
        foreach (var (name, property) in target.Properties.ToList())
        {
            var member = Member(context.Type, name);
            if (member is null)
            {
                continue;
            }

            var omittedWhenEmpty = member.GetCustomAttribute<JsonIgnoreAttribute>()?.Condition is JsonIgnoreCondition.WhenWritingNull or JsonIgnoreCondition.WhenWritingDefault;
            if (!isRequest && !omittedWhenEmpty)
            {
                target.Required ??= new HashSet<string>();
                target.Required.Add(name);
            }

            if (ContractEnums.Properties.TryGetValue((context.Type, member.Name), out var values) && property is OpenApiSchema text)
            {
                // A nullable property's enum admits null too (JSON Schema checks the enum as well as the type).
                text.Enum = values.Select(v => (JsonNode)JsonValue.Create(v)!).Concat(IsNullable(member) ? [null!] : []).ToList();
            }

            // A field a request must send is typed without null, though the server also answers a missing one with a 422.
            if (isRequest && member.GetCustomAttribute<System.ComponentModel.DataAnnotations.RequiredAttribute>() is not null)
            {
                target.Required ??= new HashSet<string>();
                target.Required.Add(name);
                if (property is OpenApiSchema { Type: { } type } plain)
                {
                    plain.Type = type & ~JsonSchemaType.Null;
                }
                else if (property is OpenApiSchema { OneOf: [var only, OpenApiSchema { Type: JsonSchemaType.Null }] })
                {
                    target.Properties[name] = only;
                }

                continue;
            }

            // A nullable reference to another schema: the reference alone cannot say so.
            if (property is OpenApiSchemaReference reference && !omittedWhenEmpty && IsNullable(member))
            {
                target.Properties[name] = new OpenApiSchema { OneOf = [reference, new OpenApiSchema { Type = JsonSchemaType.Null }] };
            }
        }
    }

    /// <summary>Bodies clients send: their required fields are the ones marked [Required] (the server still validates each).</summary>
    private static bool IsRequest(Type type) =>
        type.Name.EndsWith("Request", StringComparison.Ordinal) || type.Name.EndsWith("Command", StringComparison.Ordinal)
        || type.Name == "NewBlock";

    private static PropertyInfo? Member(Type type, string jsonName) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(p => string.Equals(p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? p.Name, jsonName, StringComparison.OrdinalIgnoreCase));

    private static bool IsNullable(PropertyInfo property) =>
        Nullable.GetUnderlyingType(property.PropertyType) is not null
        || (!property.PropertyType.IsValueType && Nullability.Create(property).ReadState == NullabilityState.Nullable);
}

/// <summary>
/// Makes operations say everything they can answer: a description (the summary) for each; 401 for every operation that
/// needs a key, 403 where a key may still not be allowed, 429 everywhere, 400/413/415 where a body is read; enums for
/// the query parameters the endpoints parse themselves; the conditional headers they honour (If-Match, If-None-Match,
/// Last-Event-ID) and the headers they send (ETag, Location, Retry-After).
/// </summary>
internal sealed class ContractOperationFilter : IOperationFilter
{
    private static readonly HashSet<string> IfMatch = ["EditBlock", "DeleteBlock", "ResolveBracket"];
    private static readonly HashSet<string> IfNoneMatch = ["GetDocument", "GetDocumentText", "GetConsensus"];
    private static readonly HashSet<string> SendsETag = ["GetDocument", "GetDocumentText", "GetConsensus", "GetBlock", "AddBlock", "EditBlock", "GetRevisionText"];

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        var id = operation.OperationId ?? string.Empty;
        if (string.IsNullOrEmpty(operation.Description) && !string.IsNullOrEmpty(operation.Summary))
        {
            operation.Description = operation.Summary;
        }

        operation.Responses ??= [];
        operation.Parameters ??= [];
        var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).ToList();
        var anonymous = metadata.OfType<IAllowAnonymous>().Any();
        if (!anonymous)
        {
            Problem(operation, context, 401, "No valid API key: send one in the X-Api-Key header.");
            if (policies.Any(p => p is Policies.Chair or Policies.Presiding or Policies.Participant or Policies.Delegation or Policies.ActsFor or Policies.Translation))
            {
                Problem(operation, context, 403, "The key's delegation may not do this.");
            }
        }

        Problem(operation, context, 429, "Too many requests from this key: retry after the number of seconds in Retry-After.");
        if (operation.Responses["429"] is OpenApiResponse tooMany)
        {
            tooMany.Headers ??= new Dictionary<string, IOpenApiHeader>();
            tooMany.Headers["Retry-After"] = new OpenApiHeader
            {
                Description = "Seconds to wait before retrying.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
            };
        }

        if (operation.Parameters.Any(p => p.In == ParameterLocation.Query))
        {
            Problem(operation, context, 400, "A query parameter is not of its type.");
        }

        if (operation.RequestBody is not null)
        {
            Problem(operation, context, 400, "The body is malformed (not JSON, or not the document it claims to be).");
            Problem(operation, context, 413, "The body is larger than the limit.");
            Problem(operation, context, 415, "The body's media type is not one this operation reads.");
        }

        foreach (var parameter in operation.Parameters.OfType<OpenApiParameter>().Where(p => p.In == ParameterLocation.Query))
        {
            if (parameter.Name is { } name
                && (ContractEnums.QueryParameters.TryGetValue(operation.OperationId + ":" + name, out var values)
                    || ContractEnums.QueryParameters.TryGetValue(name, out values))
                && parameter.Schema is OpenApiSchema { Type: JsonSchemaType.String } schema)
            {
                schema.Enum = values.Select(v => (JsonNode)JsonValue.Create(v)!).ToList();
                Problem(operation, context, name == "format" ? 406 : 400, name == "format"
                    ? "No format asked for can be produced."
                    : $"Unknown {name}.");
            }
        }

        // The live stream: each server-sent event carries one event of the log as JSON. OpenAPI 3.2 describes the items
        // of a sequential media type with itemSchema, which a 3.1 document carries as x-oai-itemSchema.
        if (id == "ListDocumentEvents" && operation.Responses.TryGetValue("200", out var events) && events is OpenApiResponse eventsResponse
            && eventsResponse.Content?.TryGetValue("text/event-stream", out var stream) == true && stream is OpenApiMediaType streamMedia)
        {
            streamMedia.Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "Server-sent events: for each event of the log, id: its sequence, event: its type, data: the event as JSON "
                    + "(an EventResponse); a comment line as keep-alive while idle. Reconnect with Last-Event-ID to resume.",
            };
            streamMedia.ItemSchema = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Required = new HashSet<string> { "id", "event", "data" },
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["id"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The event's sequence." },
                    ["event"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The event's type.", Enum = EventType.All.Select(t => (JsonNode)JsonValue.Create(t.Name)!).ToList() },
                    ["data"] = new OpenApiSchema
                    {
                        Type = JsonSchemaType.String,
                        ContentMediaType = "application/json",
                        ContentSchema = context.SchemaGenerator.GenerateSchema(typeof(EventResponse), context.SchemaRepository),
                    },
                },
            };
        }

        // One operation, two shapes: the clean text or the compilation, by ?view=.
        if (id == "GetDocumentText" && operation.Responses.TryGetValue("200", out var text) && text is OpenApiResponse textResponse
            && textResponse.Content?.TryGetValue("application/json", out var json) == true && json is OpenApiMediaType jsonMedia)
        {
            jsonMedia.Schema = new OpenApiSchema
            {
                OneOf =
                [
                    context.SchemaGenerator.GenerateSchema(typeof(Features.Documents.DocumentTextResponse), context.SchemaRepository),
                    context.SchemaGenerator.GenerateSchema(typeof(Features.Documents.CompilationTextResponse), context.SchemaRepository),
                ],
            };
        }

        if (IfMatch.Contains(id))
        {
            Header(operation, "If-Match", "The ETag of the version the change is based on (or expectedVersion); a stale one is 412.", required: false);
            Problem(operation, context, 412, "If-Match names a version that is no longer current.");
            Problem(operation, context, 428, "Neither If-Match nor expectedVersion says which version the change is based on.");
        }

        if (IfNoneMatch.Contains(id))
        {
            Header(operation, "If-None-Match", "The ETag of the copy the client holds: 304 while it is current.", required: false);
            operation.Responses.TryAdd("304", new OpenApiResponse { Description = "Not Modified: the client's copy is current." });
        }

        if (id == "ListDocumentEvents")
        {
            Header(operation, "Last-Event-ID", "With Accept: text/event-stream, the sequence to resume after.", required: false);
        }

        foreach (var (status, response) in operation.Responses)
        {
            if (response is not OpenApiResponse ok)
            {
                continue;
            }

            if (status == "201")
            {
                ok.Headers ??= new Dictionary<string, IOpenApiHeader>();
                ok.Headers["Location"] = new OpenApiHeader { Description = "Where the created resource is.", Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
            }

            if ((status == "200" || status == "201") && SendsETag.Contains(id))
            {
                ok.Headers ??= new Dictionary<string, IOpenApiHeader>();
                ok.Headers["ETag"] = new OpenApiHeader { Description = "The version of what was answered.", Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
            }
        }
    }

    private static void Header(OpenApiOperation operation, string name, string description, bool required)
    {
        if (operation.Parameters!.Any(p => p.Name == name))
        {
            return;
        }

        operation.Parameters!.Add(new OpenApiParameter
        {
            Name = name,
            In = ParameterLocation.Header,
            Required = required,
            Description = description,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });
    }

    private static void Problem(OpenApiOperation operation, OperationFilterContext context, int status, string description)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses!.ContainsKey(key))
        {
            return;
        }

        var schema = context.SchemaGenerator.GenerateSchema(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), context.SchemaRepository);
        operation.Responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, IOpenApiMediaType> { ["application/problem+json"] = new OpenApiMediaType { Schema = schema } },
        };
    }
}
