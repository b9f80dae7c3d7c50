using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Features.Delegations;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain.Delegations;

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

    /// <summary>A realistic handful: member states, a group with its members, an observer.</summary>
    public static readonly IReadOnlyList<(string Code, string Name, DelegationKind Kind, string[] Members)> Delegations =
    [
        ("ESP", "España", DelegationKind.MemberState, []),
        ("FRA", "France", DelegationKind.MemberState, []),
        ("DEU", "Deutschland", DelegationKind.MemberState, []),
        ("MEX", "México", DelegationKind.MemberState, []),
        ("BRA", "Brasil", DelegationKind.MemberState, []),
        ("SGP", "Singapore", DelegationKind.MemberState, []),
        ("EU", "European Union", DelegationKind.Group, ["ESP", "FRA", "DEU"]),
        ("ICRC", "International Committee of the Red Cross", DelegationKind.Observer, []),
    ];

    public static async Task SeedAsync(IServiceProvider services, IConfiguration configuration, IHostEnvironment environment,
        TextWriter console, ILogger logger, CancellationToken cancellationToken = default)
    {
        if (!configuration.GetValue("Demo:Seed", true))
        {
            return;
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DraftingDbContext>();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();

        foreach (var (code, name, kind, members) in Delegations)
        {
            if (!await db.Delegations.AnyAsync(d => d.Code == code, cancellationToken))
            {
                await mediator.Send(new CreateDelegation.Command(code, name, kind, members), cancellationToken);
            }
        }

        if (!await db.Documents.AnyAsync(cancellationToken))
        {
            var document = await mediator.Send(new ImportDocument.Command(Domain.Import.UnDocumentImporter.Import(SeedText()), Symbol, "es"), cancellationToken);
            logger.LogInformation("Loaded the demo document {Symbol} as {DocumentId}", document.Symbol, document.Id);
        }

        if (environment.IsDevelopment())
        {
            await IssueDemoKeysAsync(db, scope.ServiceProvider.GetRequiredService<TimeProvider>(), console, cancellationToken);
        }
    }

    /// <summary>Development only: fresh demo keys at every start (the previous ones are revoked), printed for trying the API.</summary>
    private static async Task IssueDemoKeysAsync(DraftingDbContext db, TimeProvider clock, TextWriter console, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var codes = Delegations.Select(d => d.Code).ToList();
        foreach (var old in await db.ApiKeys.Where(k => k.Label == "demo" && k.RevokedAt == null).ToListAsync(cancellationToken))
        {
            old.Revoke(now);
        }

        var lines = new List<string>();
        foreach (var code in codes)
        {
            var (key, plain) = ApiKey.Issue(Guid.CreateVersion7(now), code, "demo", now);
            db.ApiKeys.Add(key);
            lines.Add($"   {code,-5} {plain}");
        }

        await db.SaveChangesAsync(cancellationToken);
        await console.WriteLineAsync("\n Demo delegation keys (Development only; new ones at every start):\n"
            + string.Join('\n', lines) + "\n");
    }
}
