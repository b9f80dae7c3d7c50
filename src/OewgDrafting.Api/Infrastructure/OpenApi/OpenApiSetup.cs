using Microsoft.OpenApi;
using OewgDrafting.Api.Infrastructure.Auth;

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
            options.AddSecurityDefinition(ApiKeyAuthenticationHandler.SchemeName, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyAuthenticationHandler.HeaderName,
                Description = "A delegation's API key. The chair's key is printed at first start (or set with Auth__ChairApiKey).",
            });
            options.AddSecurityRequirement(document => new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(ApiKeyAuthenticationHandler.SchemeName, document)] = [],
            });
            options.OperationFilter<TextRepresentationsFilter>();
            // Use cases nest their Command types: name the schemas CreateDocumentCommand, CreateDelegationCommand…
            options.CustomSchemaIds(type => type.IsNested ? type.DeclaringType!.Name + type.Name : type.Name);
        });
        return services;
    }
}
