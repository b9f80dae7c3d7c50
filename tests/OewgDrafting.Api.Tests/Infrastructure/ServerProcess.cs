using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OewgDrafting.Api.Tests.Infrastructure;

/// <summary>
/// The API as a real process on a loopback port, as it runs in production: the published server when
/// OEWG_PUBLISHED_API names it (as .ci/run does), otherwise the build beside these tests.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, HttpClient client)
    {
        _process = process;
        Client = client;
    }

    /// <summary>A client for the server, carrying <paramref name="key"/> given at start.</summary>
    public HttpClient Client { get; }

    /// <summary>What the server wrote to its standard output and error, line by line.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Output { get; } = new();

    public static async Task<ServerProcess> StartAsync(IReadOnlyDictionary<string, string> environment, string key, int? port = null,
        string? workingDirectory = null)
    {
        var api = ApiAssembly();
        var listenOn = port ?? FreePort();
        var start = new ProcessStartInfo("dotnet", [api])
        {
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(api)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{listenOn}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Demo__Seed"] = "false";
        start.Environment["RateLimiting__PermitsPerSecond"] = "100000";
        start.Environment["RateLimiting__Burst"] = "100000";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{listenOn}"), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        var server = new ServerProcess(process, client);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) server.Output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) server.Output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitHealthyAsync();
        return server;
    }

    /// <summary>kill -9: no shutdown, no flush, nothing but what the database already holds survives.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        Client.Dispose();
    }

    private async Task WaitHealthyAsync()
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < until)
        {
            if (_process.HasExited)
            {
                // Give the process a moment to flush what it said last: it is the reason.
                await Task.Delay(200);
                throw new InvalidOperationException(
                    $"The API process exited with {_process.ExitCode}:{Environment.NewLine}{string.Join(Environment.NewLine, Output.TakeLast(30))}");
            }

            try
            {
                if ((await Client.GetAsync("/health")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The API process did not become healthy within 60 s.");
    }

    /// <summary>The published server (OEWG_PUBLISHED_API), or the API built alongside these tests in the same configuration.</summary>
    public static string ApiAssembly()
    {
        if (Environment.GetEnvironmentVariable("OEWG_PUBLISHED_API") is { Length: > 0 } published)
        {
            return File.Exists(published) ? published : throw new FileNotFoundException("OEWG_PUBLISHED_API names no file.", published);
        }

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
