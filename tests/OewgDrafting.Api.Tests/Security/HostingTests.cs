using System.Net;
using System.Text.Json;
using OewgDrafting.Api.Tests.Infrastructure;

namespace OewgDrafting.Api.Tests.Security;

/// <summary>
/// The server as an operator runs it: started from any folder it finds its own settings and files, answers liveness
/// and readiness, logs JSON in Production, and no key a client sends reaches its log.
/// </summary>
public sealed class HostingTests : IAsyncLifetime
{
    private const string ChairKey = "hosting-chair-key-0123456789abcdefgh";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "oewgdrafting-tests", $"hosting-{Guid.NewGuid():N}");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_server_that_cannot_prepare_its_database_stops_with_the_reason_and_is_never_healthy()
    {
        // The database is prepared while the host starts listening; a preparation that fails must still stop the server.
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["Database__Provider"] = "Sqlite",
            ["ConnectionStrings__Drafting"] = $"Data Source={Path.Combine(_folder, "refused.db")}",
            ["Auth__ChairApiKey"] = "too-short",
        }, "too-short", workingDirectory: _folder));

        Assert.Contains("exited with", error.Message, StringComparison.Ordinal);
        Assert.Contains("Auth:ChairApiKey must be at least 24 characters long", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Started_from_another_folder_the_server_is_itself_ready_and_logs_no_key()
    {
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["Database__Provider"] = "Sqlite",
            ["ConnectionStrings__Drafting"] = $"Data Source={Path.Combine(_folder, "hosting.db")}",
            ["Auth__ChairApiKey"] = ChairKey,
        }, ChairKey, workingDirectory: _folder);
        var anonymous = new HttpClient { BaseAddress = server.Client.BaseAddress };

        // Its own folder, not the working directory: the viewer's files (wwwroot) are found.
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/viewer/")).StatusCode);
        var live = await anonymous.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("{}", JsonSerializer.Serialize(JsonDocument.Parse(await live.Content.ReadAsStringAsync()).RootElement.GetProperty("checks")));
        var ready = JsonDocument.Parse(await anonymous.GetStringAsync("/health/ready")).RootElement;
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        Assert.Equal(["database", "migrations"], ready.GetProperty("checks").EnumerateObject().Select(p => p.Name).Order());

        // A key in a URL is refused, and neither it nor the chair's key is ever written to the log.
        var leaked = "oewg_" + new string('q', 40);
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.GetAsync($"/api/documents?api_key={leaked}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/api/documents?view=clean")).StatusCode);
        // The warning about the key in the URL is written once the request is refused: wait for it, then read everything.
        for (var attempt = 0; attempt < 100 && !server.Output.Any(line => line.Contains("query string", StringComparison.Ordinal)); attempt++)
        {
            await Task.Delay(50);
        }

        var output = server.Output.ToList();
        Assert.DoesNotContain(output, line => line.Contains(leaked, StringComparison.Ordinal) || line.Contains(ChairKey, StringComparison.Ordinal));
        Assert.DoesNotContain(output, line => line.Contains("Request starting", StringComparison.Ordinal) || line.Contains("SELECT", StringComparison.Ordinal));
        // Production logs are JSON objects, one per line; the warning about the key in the URL is one of them.
        var logged = output.Where(line => line.StartsWith('{')).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Contains(logged, e => e.GetProperty("LogLevel").GetString() == "Warning" && e.GetProperty("Message").GetString()!.Contains("query string"));
        Assert.False(File.Exists(Path.Combine(_folder, "data", "oewgdrafting.db")));
    }

    [Fact]
    public async Task The_same_executable_is_the_secretariat_command_line()
    {
        var api = ServerProcess.ApiAssembly();
        var start = new System.Diagnostics.ProcessStartInfo("dotnet", [api, "delegations", "list"])
        {
            WorkingDirectory = _folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ConnectionStrings__Drafting"] = $"Data Source={Path.Combine(_folder, "cli.db")}";
        start.Environment["Demo__Seed"] = "false";
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(0, process.ExitCode);
        Assert.StartsWith("CHAIR    chair        active", output);
    }
}

public class ReadinessTests(DraftingApiFactory factory) : IClassFixture<DraftingApiFactory>
{
    [Fact]
    public async Task Readiness_checks_the_database_the_migrations_and_on_PostgreSQL_the_notifier()
    {
        var client = factory.CreateClient();
        JsonElement ready = default;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var response = await client.GetAsync("/health/ready");
            ready = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            if (response.StatusCode == HttpStatusCode.OK)
            {
                break;
            }

            await Task.Delay(200);
        }

        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        var checks = ready.GetProperty("checks").EnumerateObject().Select(p => p.Name).Order().ToList();
        Assert.Equal(DraftingApiFactory.OnPostgres ? ["database", "migrations", "notifier"] : ["database", "migrations"], checks);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(["database"], JsonDocument.Parse(await client.GetStringAsync("/health")).RootElement.GetProperty("checks").EnumerateObject().Select(p => p.Name));
    }
}
