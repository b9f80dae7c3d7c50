using System.Text.Json;
using System.Text.Json.Serialization;
using Mediator;
using Microsoft.AspNetCore.Http.Json;
using OewgDrafting.Api.Features.Amendments;
using OewgDrafting.Api.Features.CommentThreads;
using OewgDrafting.Api.Features.Consensus;
using OewgDrafting.Api.Features.Meetings;
using OewgDrafting.Api.Features.Delegations;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Features.Events;
using OewgDrafting.Api.Features.Positions;
using OewgDrafting.Api.Features.Revisions;
using OewgDrafting.Api.Features.Provenance;
using OewgDrafting.Api.Features.Search;
using OewgDrafting.Api.Features.Translations;
using OewgDrafting.Api.Features.Webhooks;
using OewgDrafting.Api.Infrastructure.Auth;
using OewgDrafting.Api.Infrastructure.Behaviours;
using OewgDrafting.Api.Infrastructure.Caching;
using OewgDrafting.Api.Infrastructure.Demo;
using OewgDrafting.Api.Infrastructure.Errors;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Http;
using OewgDrafting.Api.Infrastructure.OpenApi;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Api.Infrastructure.Telemetry;
using OewgDrafting.Api.Infrastructure.Webhooks;

if (args is ["healthcheck", ..])
{
    return await HealthProbe.RunAsync();
}

// The secretariat's command line (keys, import, export, verify, backup…) runs in the same executable, on the same settings.
var cli = OewgDrafting.Api.Infrastructure.Cli.SecretariatCli.Handles(args);
var builder = WebApplication.CreateBuilder(AppFolders.WithOwnContentRoot(cli ? [] : args));

builder.Logging.AddDraftingLogging(builder.Environment);
if (cli)
{
    // The command line speaks for itself: its messages, not the host's log lines.
    builder.Logging.ClearProviders();
}

builder.Services.Configure<LimitsOptions>(builder.Configuration.GetSection(LimitsOptions.Section));
var limits = builder.Configuration.GetSection(LimitsOptions.Section).Get<LimitsOptions>() ?? new LimitsOptions();
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.Limits.MaxRequestBodySize = limits.MaxRequestBodyBytes;
    kestrel.AddServerHeader = false;
});

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddHttpContextAccessor();
builder.Services.AddDraftingPersistence(builder.Configuration, builder.Environment);

builder.Services.AddMediator((MediatorOptions options) =>
{
    options.ServiceLifetime = ServiceLifetime.Scoped;
    options.PipelineBehaviors = [typeof(ValidationBehaviour<,>), typeof(ActsForBehaviour<,>), typeof(TransactionBehaviour<,>)];
});
builder.Services.AddValidators();
builder.Services.AddScoped<ICurrentActor, HttpCurrentActor>();
if (cli)
{
    builder.Services.AddScoped<ICurrentActor>(_ => new OewgDrafting.Api.Infrastructure.Cli.FixedActor(OewgDrafting.Api.Infrastructure.Cli.SecretariatCli.Actor));
}

builder.Services.AddSingleton(new KeyConsole(Console.Out));
builder.Services.AddSingleton<StartupGate>();
builder.Services.AddScoped<EventJournal>();
// In this order: the caches move on before anyone is woken to read.
builder.Services.AddSingleton<ICommitObserver, CacheObserver>();
builder.Services.AddSingleton<ICommitObserver, NotifierObserver>();
builder.Services.AddSingleton<ICommitObserver, MetricsObserver>();
// Reads that never touch the database on a hit: keys, versions and rendered representations in memory.
builder.Services.AddSingleton<ApiKeyCache>();
builder.Services.AddSingleton<DocumentHeads>();
builder.Services.AddSingleton<BlockSnapshots>();
builder.Services.AddSingleton<OewgDrafting.Api.Infrastructure.Persistence.SqliteReaders>();
builder.Services.AddSingleton<PendingAmendments>();
builder.Services.AddSingleton<OewgDrafting.Api.Features.Amendments.CollisionCandidates>();
builder.Services.AddSingleton<OewgDrafting.Api.Infrastructure.Search.PrecedentLibrary>();
builder.Services.AddSingleton<DocumentLanguages>();
builder.Services.Configure<KeyUsageOptions>(builder.Configuration.GetSection(KeyUsageOptions.Section));
builder.Services.AddSingleton<ApiKeyUsageWriter>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<ApiKeyUsageWriter>());
// Rendered views keyed by document version; bounded, so a busy server cannot grow it without limit.
builder.Services.AddMemoryCache(options => options.SizeLimit = 256L * 1024 * 1024);
if (PersistenceSetup.Provider(builder.Configuration) == DatabaseProvider.Postgres)
{
    // Several instances share one database: changes are announced to all of them with LISTEN/NOTIFY.
    builder.Services.AddSingleton(sp => new PostgresDocumentChangeNotifier(
        builder.Configuration.GetConnectionString(PersistenceSetup.ConnectionStringName)!,
        sp.GetRequiredService<DocumentHeads>(), sp.GetRequiredService<ApiKeyCache>(),
        sp.GetRequiredService<ILogger<PostgresDocumentChangeNotifier>>()));
    builder.Services.AddSingleton<IDocumentChangeNotifier>(sp => sp.GetRequiredService<PostgresDocumentChangeNotifier>());
    builder.Services.AddHostedService(sp => sp.GetRequiredService<PostgresDocumentChangeNotifier>());
}
else
{
    builder.Services.AddSingleton<IDocumentChangeNotifier, InProcessDocumentChangeNotifier>();
}
builder.Services.Configure<EventStreamOptions>(builder.Configuration.GetSection(EventStreamOptions.Section));
builder.Services.Configure<SilenceOptions>(builder.Configuration.GetSection(SilenceOptions.Section));
builder.Services.Configure<MeetingOptions>(builder.Configuration.GetSection(MeetingOptions.Section));
builder.Services.AddHostedService<SilenceCloser>();
builder.Services.Configure<WebhookOptions>(builder.Configuration.GetSection(WebhookOptions.Section));
builder.Services.AddSingleton<IHostResolver, DnsHostResolver>();
builder.Services.AddSingleton<WebhookAddressGuard>();
builder.Services.AddSingleton<WebhookSender>();
builder.Services.AddSingleton<WebhookSignal>();
builder.Services.AddSingleton<ICommitObserver>(sp => sp.GetRequiredService<WebhookSignal>());
WebhookSender.Configure(builder.Services);
if (!cli)
{
    builder.Services.AddSingleton<WebhookDispatcher>();
    builder.Services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
}

builder.Services.Configure<AuthOptions>(builder.Configuration.GetSection(AuthOptions.Section));
builder.Services.AddDraftingAuthorization();
builder.Services.AddDraftingRateLimiting(builder.Configuration);
builder.Services.AddTrustedProxies(builder.Configuration);

builder.Services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>();
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
builder.Services.Configure<JsonOptions>(options =>
{
    options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
    options.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
    options.SerializerOptions.Encoder = ApiJson.Encoder;
});

var prometheus = builder.AddDraftingTelemetry();
builder.Services.AddEndpointsApiExplorer();
builder.Services.AddDraftingOpenApi();

var app = builder.Build();
if (cli)
{
    await PersistenceSetup.MigrateAsync(app.Services, app.Configuration);
    await Bootstrap.EnsureChairOfficeAsync(app.Services);
    return await OewgDrafting.Api.Infrastructure.Cli.SecretariatCli.RunAsync(app.Services, args, Console.Out, Console.Error);
}

app.UseForwardedHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseMiddleware<SecurityHeadersMiddleware>();
app.UseMiddleware<StartupGateMiddleware>();
app.UseMiddleware<KeysInUrlsMiddleware>();
app.UseMiddleware<RequestBodyLimitMiddleware>();
// The API description and its UI are public: they carry no negotiation data. Only requests under /swagger pass
// through their middleware (the UI's matches each path with a regular expression, which cached reads need not pay).
app.UseWhen(context => context.Request.Path.StartsWithSegments("/swagger"), swagger =>
{
    swagger.UseSwagger(options => options.OpenApiVersion = Microsoft.OpenApi.OpenApiSpecVersion.OpenApi3_1);
    swagger.UseSwaggerUI(options => options.DocumentTitle = "OewgDrafting API");
});
app.UseViewer();

app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();

// /health: the database answers (what the container HEALTHCHECK and the benchmarks poll).
app.MapHealthChecks("/health", HealthResponse.With(check => check.Name == "database")).AllowAnonymous();
// Liveness: the process answers (no check runs). Readiness: database, migrations, and on PostgreSQL the notifier.
app.MapHealthChecks("/health/live", HealthResponse.With(_ => false)).AllowAnonymous();
app.MapHealthChecks("/health/ready", HealthResponse.With(check => check.Tags.Contains(PersistenceSetup.ReadyTag))).AllowAnonymous();
if (prometheus)
{
    var metrics = app.MapPrometheusScrapingEndpoint("/metrics");
    if (!app.Configuration.GetValue<bool>("Telemetry:PrometheusAllowAnonymous"))
    {
        metrics.RequireAuthorization(Policies.Chair);
    }
    else
    {
        metrics.AllowAnonymous();
    }
}

app.MapDocuments();
app.MapLanguages();
app.MapComments();
app.MapDocumentEvents();
app.MapAmendments();
app.MapPositions();
app.MapConsensus();
app.MapRevisions();
app.MapDelegations();
app.MapSearch();
app.MapProvenance();
app.MapMeetings();
app.MapWebhooks();

// The database is prepared while the host starts; requests wait for it (see StartupGate).
var gate = app.Services.GetRequiredService<StartupGate>();
var prepared = gate.PrepareAsync(async () =>
{
    await PersistenceSetup.MigrateAsync(app.Services, app.Configuration);
    var keyConsole = app.Services.GetRequiredService<KeyConsole>().Writer;
    await Bootstrap.EnsureChairAsync(app.Services, app.Configuration, keyConsole);
    await DemoData.SeedAsync(app.Services, app.Configuration, app.Environment, keyConsole, app.Logger);
});
await app.StartAsync();
try
{
    await prepared;
}
catch
{
    await app.StopAsync();
    throw;
}

await app.WaitForShutdownAsync();
return 0;

/// <summary>Visible to the API tests' WebApplicationFactory.</summary>
public partial class Program;
