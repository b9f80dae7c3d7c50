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
}

public static class RateLimiting
{
    /// <summary>A token bucket per API key (per address for anonymous reads), with the built-in ASP.NET Core limiter.</summary>
    public static IServiceCollection AddDraftingRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
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
