using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain.Delegations;
using OewgDrafting.Domain.Events;

namespace OewgDrafting.Api.Infrastructure.Auth;

/// <summary>Where keys are printed for the operator: the console, never the logging pipeline.</summary>
public sealed record KeyConsole(TextWriter Writer);

/// <summary>
/// Makes sure the chair's office exists and can act. When no chair key exists, <c>Auth:ChairApiKey</c>
/// becomes the chair's key; without it, one is generated and printed once. Keys go to the console
/// directly, never through the logging pipeline, so that no log sink ever stores one.
/// </summary>
public static class Bootstrap
{
    /// <summary>How to get a new chair key, from the source and from the published server.</summary>
    public const string ResetCommand =
        "dotnet run --project src/OewgDrafting.Api -- chair-key reset (published: dotnet OewgDrafting.Api.dll chair-key reset)";

    /// <summary>The chair's office exists in every database (the CLI needs it before it can give the chair a key).</summary>
    public static async Task EnsureChairOfficeAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DraftingDbContext>();
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        if (!await db.Delegations.AnyAsync(d => d.Code == Delegation.ChairCode, cancellationToken))
        {
            db.Delegations.Add(Delegation.Create(Delegation.ChairCode, "Chair's office", DelegationKind.Chair, null, now));
            db.RegistryEvents.Add(RegistryEvent.Create(now, HttpCurrentActor.System, RegistryEventTypes.DelegationCreated, Delegation.ChairCode,
                EventData.Serialize(new { })));
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    public static async Task EnsureChairAsync(IServiceProvider services, IConfiguration configuration, TextWriter console,
        CancellationToken cancellationToken = default)
    {
        await EnsureChairOfficeAsync(services, cancellationToken);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DraftingDbContext>();
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();

        var configured = configuration["Auth:ChairApiKey"];
        var chairKeys = await db.ApiKeys.CountAsync(k => k.DelegationCode == Delegation.ChairCode && k.RevokedAt == null, cancellationToken);
        if (chairKeys > 0)
        {
            // Set after the first start, the setting cannot silently replace a key someone may hold: say so, and how to.
            var configuredHash = string.IsNullOrWhiteSpace(configured) ? null : ApiKey.HashOf(configured.Trim());
            if (configuredHash is not null && !await db.ApiKeys.AnyAsync(k => k.Hash == configuredHash && k.RevokedAt == null, cancellationToken))
            {
                await console.WriteLineAsync("Warning: Auth:ChairApiKey is set but the chair already has another key, so the setting is not used.");
            }

            await console.WriteLineAsync($"The chair's office has {chairKeys} active API key{(chairKeys == 1 ? "" : "s")}, shown only when issued. "
                + $"To replace a lost one, stop the server and run: {ResetCommand}");
            return;
        }

        ApiKey key;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            if (configured.Trim().Length < 24)
            {
                throw new InvalidOperationException("Auth:ChairApiKey must be at least 24 characters long.");
            }

            key = ApiKey.FromPlain(Guid.CreateVersion7(now), Delegation.ChairCode, configured.Trim(), "bootstrap", now);
        }
        else
        {
            (key, var plain) = ApiKey.Issue(Guid.CreateVersion7(now), Delegation.ChairCode, "bootstrap", now);
            await console.WriteLineAsync($"""

                ================================================================================
                 The chair's API key (shown once; it is stored only as a hash):

                   {plain}

                 Send it as the X-Api-Key header. Issue delegation keys with
                 POST /api/delegations/{'{'}code{'}'}/keys. To choose the key yourself, set Auth__ChairApiKey
                 before the first start. Lost it? Stop the server and run:
                   {ResetCommand}
                ================================================================================

                """);
        }

        db.ApiKeys.Add(key);
        db.RegistryEvents.Add(RegistryEvent.Create(now, HttpCurrentActor.System, RegistryEventTypes.KeyIssued, Delegation.ChairCode,
            EventData.Serialize(new { KeyId = key.Id, Label = "bootstrap" })));
        await db.SaveChangesAsync(cancellationToken);
    }
}
