namespace OewgDrafting.Api.Infrastructure.Http;

/// <summary>
/// <c>dotnet OewgDrafting.Api.dll healthcheck</c>: asks the running server's /health and exits 0 or 1.
/// The container's HEALTHCHECK uses it, so the runtime image needs no curl.
/// </summary>
public static class HealthProbe
{
    public static async Task<int> RunAsync()
    {
        var port = (Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS") ?? "8080").Split(';', ',')[0].Trim();
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{port}/health"));
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return 1;
        }
    }
}
