using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace OewgDrafting.Api.Infrastructure.OpenApi;

/// <summary>
/// What a webhook subscription receives, under the description's <c>webhooks</c> (OpenAPI 3.1): a POST of one event of
/// the log (the same union as <c>GET …/events</c>) with its document's id, signed by the Standard Webhooks headers.
/// </summary>
internal sealed class WebhooksDocumentFilter : IDocumentFilter
{
    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas["WebhookEvent"] = new OpenApiSchema
        {
            Description = "One event of a document's log as the subscription's owner reads it in GET …/events, and the document's id.",
            AllOf =
            [
                new OpenApiSchemaReference("EventResponse", document),
                new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Properties = new Dictionary<string, IOpenApiSchema> { ["documentId"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" } },
                    Required = new HashSet<string> { "documentId" },
                },
            ],
        };

        var operation = new OpenApiOperation
        {
            OperationId = "DeliverDocumentEvent",
            Summary = "One event, POSTed to a subscription's URL; answer 2xx to acknowledge it, or it is retried (5 s, 30 s, 2 min, 10 min, 1 h, 6 h).",
            Tags = new HashSet<OpenApiTagReference> { new("Webhooks", document) },
            Parameters =
            [
                Header("webhook-id", "The event's stable id (msg_{documentId}_{sequence}): the same on every attempt, to deduplicate on."),
                Header("webhook-timestamp", "When this attempt was sent, in Unix seconds."),
                Header("webhook-signature", "v1,<base64 HMAC-SHA256 of id.timestamp.body> under the subscription's secret; space-separated, one per valid secret."),
            ],
            RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, IOpenApiMediaType>
                {
                    ["application/json"] = new OpenApiMediaType { Schema = new OpenApiSchemaReference("WebhookEvent", document) },
                },
            },
            Responses = new OpenApiResponses
            {
                ["2XX"] = new OpenApiResponse { Description = "Acknowledged: the subscription's cursor moves past the event." },
                ["default"] = new OpenApiResponse { Description = "Not acknowledged (any other answer, a redirect, no answer in time): retried later." },
            },
        };
        document.Webhooks ??= new Dictionary<string, IOpenApiPathItem>();
        document.Webhooks["documentEvent"] = new OpenApiPathItem { Operations = new Dictionary<HttpMethod, OpenApiOperation> { [HttpMethod.Post] = operation } };
    }

    private static OpenApiParameter Header(string name, string description) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = true,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };
}
