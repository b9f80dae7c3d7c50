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
                Contact = new OpenApiContact { Name = "OewgDrafting" },
                License = new OpenApiLicense { Name = "See the repository" },
            });
            // Clients call the server that serves this description.
            options.AddServer(new OpenApiServer { Url = "/", Description = "The server that serves this description" });
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
            options.OperationFilter<ContractOperationFilter>();
            options.SchemaFilter<ContractSchemaFilter>();
            options.DocumentFilter<EventUnionDocumentFilter>();
            options.DocumentFilter<WebhooksDocumentFilter>();
            // Unions (segments, compilation items) as oneOf with a discriminator, from System.Text.Json's [JsonDerivedType].
            options.UseOneOfForPolymorphism();
            options.SelectDiscriminatorNameUsing(_ => "type");
            options.SelectDiscriminatorValueUsing(subType => subType.BaseType?
                .GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonDerivedTypeAttribute), false)
                .OfType<System.Text.Json.Serialization.JsonDerivedTypeAttribute>()
                .FirstOrDefault(a => a.DerivedType == subType)?.TypeDiscriminator?.ToString());
            options.DocumentFilter<UnionDocumentFilter>();
            // Use cases nest their Command types: name the schemas CreateDocumentCommand, CreateDelegationCommand…
            options.CustomSchemaIds(type => type.IsNested ? type.DeclaringType!.Name + type.Name : type.Name);
        });
        return services;
    }
}
