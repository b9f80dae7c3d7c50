namespace OewgDrafting.Api.Infrastructure.Http;

/// <summary>
/// A key belongs in the X-Api-Key header. One sent in a query string ends up in proxies' logs, browser histories and
/// referrers, so such a request is refused (400, before anything else runs) and a warning names the path — never the
/// query or the key. Request logging never writes query strings either (see <see cref="LoggingDefaults"/>).
/// </summary>
public sealed class KeysInUrlsMiddleware(RequestDelegate next, ILogger<KeysInUrlsMiddleware> logger)
{
    /// <summary>Query parameter names that look like keys, compared case-insensitively with '-' and '_' ignored.</summary>
    private static readonly HashSet<string> KeyNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "apikey", "xapikey", "key", "token", "accesstoken", "authorization", "auth",
    };

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.QueryString.HasValue)
        {
            foreach (var name in context.Request.Query.Keys)
            {
                if (KeyNames.Contains(name.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal)))
                {
                    logger.LogWarning("A request to {Path} carried an API key in its query string (parameter {Parameter}); it was refused. "
                        + "Keys go in the X-Api-Key header; if the key was real, revoke it.", context.Request.Path.Value, name);
                    throw new BadHttpRequestException(
                        $"The query parameter '{name}' looks like an API key. Keys go in the X-Api-Key header, never in a URL (URLs are kept in "
                        + "logs, histories and proxies); nothing was done. If the key is real, ask the chair's office to revoke it and issue a new one.",
                        StatusCodes.Status400BadRequest);
                }
            }
        }

        return next(context);
    }
}

/// <summary>Logging that no configuration file can turn into a leak: request lines (with their queries) and SQL stay out.</summary>
public static class LoggingDefaults
{
    public static ILoggingBuilder AddDraftingLogging(this ILoggingBuilder logging, IHostEnvironment environment)
    {
        // The host logs nothing above Information here (request started, request finished), but while the category
        // is enabled at any level it starts an Activity and a log scope for every request, which nothing here reads
        // (problem responses carry the request's TraceIdentifier; JSON logs include no scopes): a twenty-fifth of the server's
        // time on a 304. With OpenTelemetry tracing configured, its listener still gets an Activity per request.
        logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        logging.AddFilter("Microsoft.AspNetCore.Routing", LogLevel.Warning);
        logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Warning);
        logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        if (environment.IsProduction())
        {
            // Structured JSON on the console in production: one object per line, for a host's log collector.
            logging.AddJsonConsole(options =>
            {
                options.IncludeScopes = false;
                options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                options.UseUtcTimestamp = true;
            });
        }

        return logging;
    }
}
