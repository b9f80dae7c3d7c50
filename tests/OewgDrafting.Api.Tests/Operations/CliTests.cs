using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OewgDrafting.Api.Infrastructure.Cli;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Api.Tests.Infrastructure;

namespace OewgDrafting.Api.Tests.Operations;

/// <summary>The secretariat's command line, run against the same services (and database) as a running server.</summary>
public class CliTests(DraftingApiFactory factory) : IClassFixture<DraftingApiFactory>
{
    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        _ = factory.Server; // the app (and its database) exists
        var output = new StringWriter();
        var error = new StringWriter();
        var originalError = Console.Error;
        Console.SetError(error);
        try
        {
            var code = await SecretariatCli.RunAsync(factory.Services, args, output, error);
            return (code, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetError(originalError);
        }
    }

    private static string KeyIn(string output) => output.Trim().Split(' ')[^1];

    [Fact]
    public async Task Keys_are_issued_listed_and_revoked_and_a_revoked_key_stops_at_once()
    {
        await factory.EnsureDelegationAsync("NOR");
        var (code, output, _) = await RunAsync("keys", "issue", "NOR");
        Assert.Equal(0, code);
        var key = KeyIn(output);
        var norway = factory.ClientWithKey(key);
        Assert.Equal(HttpStatusCode.OK, (await norway.GetAsync("/api/documents")).StatusCode);

        var listed = await RunAsync("keys", "list", "NOR");
        Assert.Contains("active", listed.Output);
        Assert.Equal(0, (await RunAsync("keys", "revoke", "NOR")).Code);
        Assert.Equal(HttpStatusCode.Unauthorized, (await norway.GetAsync("/api/documents")).StatusCode);
        Assert.Contains("revoked", (await RunAsync("keys", "list", "NOR")).Output);

        var unknown = await RunAsync("keys", "issue", "XYZ");
        Assert.Equal(1, unknown.Code);
        Assert.Contains("XYZ", unknown.Error);
    }

    [Fact]
    public async Task Delegations_are_listed_documents_imported_exported_and_their_logs_verified()
    {
        Assert.Contains("CHAIR    chair", (await RunAsync("delegations", "list")).Output);
        var seed = Path.Combine(AppContext.BaseDirectory, "Fixtures", "seed.md");
        var symbol = $"A/CLI/{Guid.NewGuid():N}"[..20];
        var imported = await RunAsync("import", seed, "--symbol", symbol);
        Assert.Equal(0, imported.Code);
        Assert.Contains("30 blocks", imported.Output);

        var markdown = await RunAsync("export", symbol, "--format", "md");
        Assert.Equal(Fixtures.SeedNormalised, markdown.Output);
        var file = Path.Combine(Path.GetTempPath(), $"cli-{Guid.NewGuid():N}.docx");
        Assert.Equal(0, (await RunAsync("export", symbol, "--format", "docx", "--output", file)).Code);
        Assert.Equal("PK", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(file)[..2]));
        File.Delete(file);
        Assert.Equal(1, (await RunAsync("export", symbol, "--format", "docx")).Code);

        var verified = await RunAsync("events", "verify", symbol);
        Assert.Equal(0, verified.Code);
        Assert.Contains("The log holds: 1 events", verified.Output);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DraftingDbContext>();
            await db.Database.ExecuteSqlRawAsync("UPDATE document_events SET \"Actor\" = 'ESP' WHERE \"DocumentId\" = (SELECT \"Id\" FROM documents WHERE \"Symbol\" = {0})", symbol);
        }

        var broken = await RunAsync("events", "verify", symbol);
        Assert.Equal(1, broken.Code);
        Assert.Contains("The log breaks at event 1", broken.Output);
    }
}

public sealed class BackupFactory : DraftingApiFactory;

public class BackupTests(BackupFactory factory) : IClassFixture<BackupFactory>
{
    [Fact]
    public async Task A_backup_taken_while_the_server_writes_restores_and_restore_refuses_a_non_empty_database_without_force()
    {
        if (DraftingApiFactory.OnPostgres)
        {
            var pg = new StringWriter();
            Assert.Equal(2, await SecretariatCli.RunAsync(factory.Services, ["backup", "/tmp/x.db"], pg, pg));
            Assert.Contains("pg_dump", pg.ToString());
            return;
        }

        var backup = Path.Combine(Path.GetTempPath(), $"backup-{Guid.NewGuid():N}.db");
        var writer = factory.ChairClient();
        // Writes keep coming while the backup is taken.
        var writing = Task.Run(async () =>
        {
            for (var i = 0; i < 20; i++)
            {
                await factory.CreateDraftAsync();
            }
        });
        var output = new StringWriter();
        Assert.Equal(0, await SecretariatCli.RunAsync(factory.Services, ["backup", backup], output, output));
        await writing;
        int inBackup;
        await using (var copy = new SqliteConnection($"Data Source={backup};Pooling=False"))
        {
            await copy.OpenAsync();
            await using var command = copy.CreateCommand();
            command.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", await command.ExecuteScalarAsync());
            command.CommandText = "SELECT COUNT(*) FROM documents";
            inBackup = Convert.ToInt32(await command.ExecuteScalarAsync());
        }

        var refused = new StringWriter();
        Assert.Equal(1, await SecretariatCli.RunAsync(factory.Services, ["restore", backup], refused, refused));
        Assert.Contains("--force", refused.ToString());
        Assert.Equal(0, await SecretariatCli.RunAsync(factory.Services, ["restore", backup, "--force"], output, output));
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DraftingDbContext>();
        Assert.Equal(inBackup, await db.Documents.CountAsync());
        Assert.Equal(1, await SecretariatCli.RunAsync(factory.Services, ["restore", backup + ".missing", "--force"], output, output));
        File.Delete(backup);
    }
}

public sealed class ChairKeyResetFactory : DraftingApiFactory;

/// <summary>A chair's office that lost its key has a way back that does not cost its database.</summary>
public class ChairKeyResetTests(ChairKeyResetFactory factory) : IClassFixture<ChairKeyResetFactory>
{
    private async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        _ = factory.Server;
        var output = new StringWriter();
        var code = await SecretariatCli.RunAsync(factory.Services, args, output, output);
        return (code, output.ToString(), "");
    }

    private static string KeyIn(string output) => output.Trim().Split(' ')[^1];

    [Fact]
    public async Task A_chair_key_reset_gives_a_new_key_and_revokes_the_old_ones()
    {
        var (code, output, _) = await RunAsync("chair-key", "reset");
        Assert.Equal(0, code);
        var fresh = factory.ClientWithKey(KeyIn(output));
        Assert.Equal(HttpStatusCode.Created, (await fresh.PostAsync("/api/delegations/ESP/keys", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.ChairClient().GetAsync("/api/documents")).StatusCode);
        var registry = await fresh.GetStringAsync("/api/delegations/events?after=0&limit=1000");
        Assert.Contains("\"label\":\"reset\"", registry);
    }

    [Fact]
    public async Task A_chair_key_configured_after_the_first_start_is_not_silently_ignored()
    {
        _ = factory.Server;
        var console = new StringWriter();
        var configuration = Microsoft.Extensions.Configuration.MemoryConfigurationBuilderExtensions.AddInMemoryCollection(new Microsoft.Extensions.Configuration.ConfigurationBuilder(),
            new Dictionary<string, string?> { ["Auth:ChairApiKey"] = "another-chair-key-0123456789abcdef" }).Build();

        await OewgDrafting.Api.Infrastructure.Auth.Bootstrap.EnsureChairAsync(factory.Services, configuration, console);

        Assert.Contains("Auth:ChairApiKey is set but the chair already has another key", console.ToString());
        Assert.Contains("chair-key reset", console.ToString());
    }

    [Fact]
    public async Task At_every_start_the_server_says_that_a_chair_key_exists_and_how_to_replace_a_lost_one()
    {
        _ = factory.Server;
        var console = new StringWriter();
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build();

        await OewgDrafting.Api.Infrastructure.Auth.Bootstrap.EnsureChairAsync(factory.Services, configuration, console);

        var said = console.ToString();
        Assert.Matches("The chair's office has [0-9]+ active API keys?, shown only when issued", said);
        Assert.Contains("dotnet run --project src/OewgDrafting.Api -- chair-key reset", said);
        Assert.DoesNotContain("oewg_", said, StringComparison.Ordinal);
    }
}
