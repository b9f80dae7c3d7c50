using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OewgDrafting.Api.Tests.Infrastructure;

namespace OewgDrafting.Viewer.Tests;

/// <summary>Chromium from the system's packages (apt's <c>chromium</c>), launched by its path: no browser download.</summary>
public static class Chromium
{
    public static string? ExecutablePath { get; } =
        new[] { Environment.GetEnvironmentVariable("OEWG_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser" }
            .FirstOrDefault(path => !string.IsNullOrEmpty(path) && File.Exists(path));

    /// <summary>CI sets OEWG_REQUIRE_BROWSER=1: there a missing browser fails the tests instead of skipping them.</summary>
    public static bool Required => Environment.GetEnvironmentVariable("OEWG_REQUIRE_BROWSER") == "1";
}

/// <summary>A test that drives a real browser: skipped where no Chromium is installed, unless CI requires one.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (Chromium.ExecutablePath is null && !Chromium.Required)
        {
            Skip = "Needs Chromium (apt-get install chromium, or OEWG_CHROMIUM=/path/to/chromium); .ci/run installs it.";
        }
    }
}

/// <summary>The real application on Kestrel (so that a browser can reach it) over a fresh SQLite database with the demo.</summary>
public sealed class ViewerServer : DraftingApiFactory
{
    public ViewerServer() => UseKestrel(options => options.Listen(IPAddress.Loopback, 0));

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1/");

    public void Start()
    {
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
    }

    /// <summary>A client with the given key, talking to the server over the network as the browser does.</summary>
    public HttpClient Http(string key)
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }
}

/// <summary>One server and one browser for a test class; each test opens its own page.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public ViewerServer Server { get; } = new();

    public IPlaywright? Playwright { get; private set; }

    public IBrowser? Browser { get; private set; }

    public async Task InitializeAsync()
    {
        Server.Start();
        if (Chromium.ExecutablePath is null)
        {
            return;
        }

        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.ExecutablePath,
            Headless = true,
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        Playwright?.Dispose();
        await Server.DisposeAsync();
    }

    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var browser = Browser ?? throw new InvalidOperationException(
            "No Chromium: install it (apt-get install chromium) or set OEWG_CHROMIUM to its path.");
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Server.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "es-ES",
        });
        return await context.NewPageAsync();
    }
}
