using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace OewgDrafting.Api.Infrastructure.OpenApi;

/// <summary>Marks an endpoint whose 200 response is also available as text media types beside JSON.</summary>
public sealed record TextRepresentationsMetadata(params string[] MediaTypes);

/// <summary>ApiExplorer keeps one schema per status code; this adds the text representations to the JSON one.</summary>
internal sealed class TextRepresentationsFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        // A Word package sent as a body is bytes too.
        if (operation.RequestBody?.Content is { } requestContent)
        {
            foreach (var (mediaType, content) in requestContent)
            {
                if (mediaType.StartsWith("application/vnd.", StringComparison.Ordinal) && content is OpenApiMediaType media)
                {
                    media.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
                }
            }
        }

        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<TextRepresentationsMetadata>().FirstOrDefault();
        if (metadata is null || operation.Responses is null || !operation.Responses.TryGetValue("200", out var ok) || ok is not OpenApiResponse response)
        {
            return;
        }

        response.Content ??= new Dictionary<string, IOpenApiMediaType>();
        foreach (var mediaType in metadata.MediaTypes)
        {
            // A Word package is bytes; the other representations are text.
            response.Content[mediaType] = new OpenApiMediaType
            {
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = mediaType.StartsWith("application/vnd.", StringComparison.Ordinal) ? "binary" : null },
            };
        }
    }
}
