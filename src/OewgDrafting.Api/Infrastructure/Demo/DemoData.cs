using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Infrastructure.Persistence;

namespace OewgDrafting.Api.Infrastructure.Demo;

/// <summary>
/// Loads the demo document (the Spanish final report of the 2021-2025 OEWG on ICT security, embedded in
/// this assembly) into an empty database, unless <c>Demo:Seed</c> is <c>false</c>.
/// </summary>
public static class DemoData
{
    public const string Symbol = "A/AC.292/2025/L.1";

    public static string SeedText()
    {
        using var stream = typeof(DemoData).Assembly.GetManifestResourceStream("OewgDrafting.Api.Demo.seed.md")
            ?? throw new InvalidOperationException("The demo document is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static async Task SeedAsync(IServiceProvider services, IConfiguration configuration, ILogger logger,
        CancellationToken cancellationToken = default)
    {
        if (!configuration.GetValue("Demo:Seed", true))
        {
            return;
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DraftingDbContext>();
        if (await db.Documents.AnyAsync(cancellationToken))
        {
            return;
        }

        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var document = await mediator.Send(new ImportDocument.Command(SeedText(), Symbol, "es"), cancellationToken);
        logger.LogInformation("Loaded the demo document {Symbol} as {DocumentId}", document.Symbol, document.Id);
    }
}
