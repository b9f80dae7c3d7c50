using Microsoft.OpenApi;

namespace OewgDrafting.Api.Infrastructure.OpenApi;

public static class OpenApiSetup
{
    public static IServiceCollection AddDraftingOpenApi(this IServiceCollection services)
    {
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "OewgDrafting API",
                Version = "v1",
                Description = "Consensus drafting and amendment tracking for intergovernmental negotiations: documents, "
                    + "bracketed text, amendments, positions, revisions and adoption by consensus.",
            });
            options.SupportNonNullableReferenceTypes();
            options.OperationFilter<TextRepresentationsFilter>();
        });
        return services;
    }
}
