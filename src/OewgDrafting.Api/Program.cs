using System.Text.Json;
using System.Text.Json.Serialization;
using Mediator;
using Microsoft.AspNetCore.Http.Json;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Infrastructure.Behaviours;
using OewgDrafting.Api.Infrastructure.Demo;
using OewgDrafting.Api.Infrastructure.Errors;
using OewgDrafting.Api.Infrastructure.Http;
using OewgDrafting.Api.Infrastructure.OpenApi;
using OewgDrafting.Api.Infrastructure.Persistence;

if (args is ["healthcheck", ..])
{
    return await HealthProbe.RunAsync();
}

var builder = WebApplication.CreateBuilder(args);

builder.Services.Configure<LimitsOptions>(builder.Configuration.GetSection(LimitsOptions.Section));
var limits = builder.Configuration.GetSection(LimitsOptions.Section).Get<LimitsOptions>() ?? new LimitsOptions();
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.Limits.MaxRequestBodySize = limits.MaxRequestBodyBytes;
    kestrel.AddServerHeader = false;
});

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddDraftingPersistence(builder.Configuration, builder.Environment);

builder.Services.AddMediator((MediatorOptions options) =>
{
    options.ServiceLifetime = ServiceLifetime.Scoped;
    options.PipelineBehaviors = [typeof(ValidationBehaviour<,>), typeof(TransactionBehaviour<,>)];
});
builder.Services.AddValidators();

builder.Services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>();
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
builder.Services.Configure<JsonOptions>(options =>
{
    options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
    options.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
});

builder.Services.AddEndpointsApiExplorer();
builder.Services.AddDraftingOpenApi();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseMiddleware<RequestBodyLimitMiddleware>();

app.UseSwagger();
app.UseSwaggerUI(options => options.DocumentTitle = "OewgDrafting API");

app.MapHealthChecks("/health", HealthResponse.Options);
app.MapDocuments();

await PersistenceSetup.MigrateAsync(app.Services);
await DemoData.SeedAsync(app.Services, app.Configuration, app.Logger);

await app.RunAsync();
return 0;

/// <summary>Visible to the API tests' WebApplicationFactory.</summary>
public partial class Program;
