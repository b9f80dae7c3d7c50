using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using OewgDrafting.Api.Infrastructure.Auth;

namespace OewgDrafting.Api.Infrastructure.Http;

public sealed class RateLimitOptions
{
    public const string Section = "RateLimiting";

    /// <summary>Requests per second each API key (or anonymous address) may sustain.</summary>
    public int PermitsPerSecond { get; set; } = 50;

    /// <summary>How many requests may come at once above the sustained rate.</summary>
    public int Burst { get; set; } = 200;

    /// <summary>
    /// Reads served at once by this instance; more wait in line. Rendering is CPU work: without a bound, a
    /// crowd of readers fills the thread pool and a writer holding a document's lock waits behind all of them.
    /// </summary>
    public int MaxConcurrentReads { get; set; } = 4 * Environment.ProcessorCount;
}

public static class RateLimiting
{
    // A server-sent-event stream is long-lived and nearly idle: it must not hold a read slot.
    private static bool IsStream(HttpContext context) =>
        context.Request.Headers.Accept.Any(a => a?.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>A token bucket per API key (per address for anonymous reads), with the built-in ASP.NET Core limiter.</summary>
    public static IServiceCollection AddDraftingRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddRateLimiter(limiter =>
        {
            var perKey = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (context.Request.Path.StartsWithSegments("/health"))
                {
                    return RateLimitPartition.GetNoLimiter("health");
                }

                var key = context.User.FindFirst(Claims.KeyId)?.Value is { } keyId
                    ? "key:" + keyId
                    : "anonymous:" + context.Connection.RemoteIpAddress;
                return RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = Math.Max(1, options.Burst),
                    TokensPerPeriod = Math.Max(1, options.PermitsPerSecond),
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            var reads = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                HttpMethods.IsGet(context.Request.Method) && !context.Request.Path.StartsWithSegments("/health") && !IsStream(context)
                    ? RateLimitPartition.GetConcurrencyLimiter("reads", _ => new ConcurrencyLimiterOptions
                    {
                        PermitLimit = Math.Max(1, options.MaxConcurrentReads),
                        QueueLimit = 10_000,
                        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                    })
                    : RateLimitPartition.GetNoLimiter("other"));
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(perKey, reads);
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                    ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))
                    : 1;
                context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests",
                        Detail = $"This key sent more requests than its limit; retry after {retryAfter} s.",
                    },
                });
            };
        });
        return services;
    }
}
