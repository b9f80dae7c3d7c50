using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using OewgDrafting.Api.Tests.Infrastructure;

namespace OewgDrafting.Api.Tests.MultiInstance;

/// <summary>
/// Two real API processes (not in-memory hosts) on different loopback ports, sharing one PostgreSQL
/// database, as a deployment behind a load balancer runs them.
/// </summary>
public sealed class ApiInstances : IAsyncLifetime
{
    public const string ChairKey = "multi-instance-chair-key-0123456789abcdef";

    private readonly List<Process> _processes = [];
    private string _connectionString = string.Empty;

    public List<HttpClient> Clients { get; } = [];

    public async Task InitializeAsync()
    {
        if (!DraftingApiFactory.OnPostgres)
        {
            return;
        }

        _connectionString = new Npgsql.NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("OEWG_TEST_POSTGRES"))
        {
            Database = $"oewgtest_multi_{Guid.NewGuid():N}",
        }.ConnectionString;

        var api = ApiAssembly();
        for (var i = 0; i < 2; i++)
        {
            var port = FreePort();
            var start = new ProcessStartInfo("dotnet", [api])
            {
                WorkingDirectory = Path.GetDirectoryName(api)!,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment["Database__Provider"] = "Postgres";
            start.Environment["ConnectionStrings__Drafting"] = _connectionString;
            start.Environment["Auth__ChairApiKey"] = ChairKey;
            start.Environment["Demo__Seed"] = "false";
            start.Environment["Silence__MinimumDuration"] = "00:00:02";
            start.Environment["Silence__PollInterval"] = "00:00:00.200";
            start.Environment["RateLimiting__PermitsPerSecond"] = "100000";
            start.Environment["RateLimiting__Burst"] = "100000";
            var process = Process.Start(start)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            _processes.Add(process);

            var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
            client.DefaultRequestHeaders.Add("X-Api-Key", ChairKey);
            Clients.Add(client);
            // The first instance migrates the database; the second starts once it is there.
            await WaitHealthyAsync(client, process);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            try
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            process.Dispose();
        }

        foreach (var client in Clients)
        {
            client.Dispose();
        }

        if (_connectionString.Length > 0)
        {
            DraftingApiFactory.DropPostgresDatabase(_connectionString);
        }
    }

    private static async Task WaitHealthyAsync(HttpClient client, Process process)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < until)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The API process exited with {process.ExitCode}.");
            }

            try
            {
                if ((await client.GetAsync("/health")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The API process did not become healthy within 60 s.");
    }

    /// <summary>The API built alongside these tests, in the same configuration.</summary>
    private static string ApiAssembly()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Release"
            : "Debug";
        var path = Path.Combine(Fixtures.RepositoryRoot, "src", "OewgDrafting.Api", "bin", configuration, "net10.0", "OewgDrafting.Api.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the API first.", path);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
