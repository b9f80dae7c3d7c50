using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using OewgDrafting.Api.Features.Events;
using OewgDrafting.Api.Infrastructure.Events;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace OewgDrafting.Api.Infrastructure.OpenApi;

/// <summary>
/// Makes the unions exact for JSON Schema validators: each variant names its discriminator value (<c>const</c>), and
/// closed objects are closed with <c>unevaluatedProperties</c> (which sees through <c>allOf</c>; <c>additionalProperties</c>
/// on a variant would refuse the base's <c>type</c>, and on the base the variant's own properties).
/// </summary>
internal sealed class UnionDocumentFilter : IDocumentFilter
{
    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        var schemas = document.Components?.Schemas;
        if (schemas is null)
        {
            return;
        }

        foreach (var (_, schema) in schemas.ToList())
        {
            if (schema is not OpenApiSchema { Discriminator.Mapping: { Count: > 0 } mapping } union)
            {
                continue;
            }

            union.AdditionalPropertiesAllowed = true;
            if (union.Properties?.TryGetValue(union.Discriminator.PropertyName!, out var discriminator) == true && discriminator is OpenApiSchema property)
            {
                property.Enum = mapping.Keys.Select(k => (JsonNode)JsonValue.Create(k)!).ToList();
            }

            foreach (var (value, reference) in mapping)
            {
                if (reference.Reference.Id is { } id && schemas.TryGetValue(id, out var variant) && variant is OpenApiSchema variantSchema)
                {
                    variantSchema.Properties ??= new Dictionary<string, IOpenApiSchema>();
                    variantSchema.Properties[union.Discriminator.PropertyName!] = new OpenApiSchema { Type = JsonSchemaType.String, Const = value };
                    variantSchema.AdditionalPropertiesAllowed = true;
                    variantSchema.UnevaluatedProperties = false;
                }
            }
        }
    }
}

/// <summary>
/// The document log's events as a union on their <c>type</c>: each type its own schema (whose <c>data</c> is that
/// event's record), so that a client can switch on it; and the server-sent events of a stream as that union.
/// </summary>
internal sealed class EventUnionDocumentFilter : IDocumentFilter
{
    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        var schemas = document.Components?.Schemas;
        if (schemas is null || !schemas.TryGetValue(nameof(EventResponse), out var baseSchema) || baseSchema is not OpenApiSchema base_)
        {
            return;
        }

        schemas["EventBase"] = base_;
        var union = new OpenApiSchema
        {
            OneOf = [],
            Discriminator = new OpenApiDiscriminator { PropertyName = "type", Mapping = new Dictionary<string, OpenApiSchemaReference>() },
        };
        foreach (var type in EventType.All.Select(t => t.Name))
        {
            var name = "Event_" + type;
            schemas[name] = new OpenApiSchema
            {
                AllOf =
                [
                    new OpenApiSchemaReference("EventBase", document),
                    new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Properties = new Dictionary<string, IOpenApiSchema> { ["type"] = new OpenApiSchema { Const = type, Type = JsonSchemaType.String } },
                        Required = new HashSet<string> { "type" },
                    },
                ],
            };
            union.OneOf.Add(new OpenApiSchemaReference(name, document));
            union.Discriminator.Mapping[type] = new OpenApiSchemaReference(name, document);
        }

        schemas[nameof(EventResponse)] = union;
    }
}
