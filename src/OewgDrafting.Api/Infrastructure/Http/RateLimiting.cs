// Request limits with ASP.NET Core's rate limiter: a token bucket per key (per address when anonymous), a bound on
// reads at once, and the comment policy; a refusal is a problem+json 429 with Retry-After.
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

    /// <summary>Reads served at once on this instance; more wait in line, so that a crowd of readers cannot starve writers.</summary>
    public int MaxConcurrentReads { get; set; } = 4 * Environment.ProcessorCount;

    /// <summary>Reads waiting for a slot beyond which a read gets 429.</summary>
    public int MaxQueuedReads { get; set; } = 10_000;
}

public sealed class CommentOptions
{
    public const string Section = "Comments";

    /// <summary>Comments (threads and replies) one key may post per minute.</summary>
    public int PerMinute { get; set; } = 20;
}

public static class RateLimiting
{
    /// <summary>The named policy of the endpoints that post comments.</summary>
    public const string Comments = "comments";

    public static IServiceCollection AddDraftingRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        var comments = configuration.GetSection(CommentOptions.Section).Get<CommentOptions>() ?? new CommentOptions();
        // Tokens come back in up to ten steps a second, so that a key's budget refills smoothly.
        var steps = Math.Clamp(limits.PermitsPerSecond, 1, 10);
        var perCaller = new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, limits.Burst),
            TokensPerPeriod = Math.Max(1, (int)Math.Ceiling(limits.PermitsPerSecond / (double)steps)),
            ReplenishmentPeriod = TimeSpan.FromSeconds(1.0 / steps),
            QueueLimit = 0,
        };
        var reads = new ReadSlots(limits);
        services.AddSingleton(reads);
        var commentWindow = new SlidingWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, comments.PerMinute),
            Window = TimeSpan.FromMinutes(1),
            SegmentsPerWindow = 6,
            QueueLimit = 0,
        };

        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => IsHealth(context)
                    ? RateLimitPartition.GetNoLimiter(string.Empty)
                    : RateLimitPartition.GetTokenBucketLimiter(Caller(context), _ => perCaller)),
                PartitionedRateLimiter.Create<HttpContext, string>(context => IsRead(context)
                    ? RateLimitPartition.Get("reads", _ => reads.Limiter)
                    : RateLimitPartition.GetNoLimiter(string.Empty)));
            options.AddPolicy(Comments, context => RateLimitPartition.GetSlidingWindowLimiter(Caller(context), _ => commentWindow));
            options.OnRejected = (context, _) => RejectAsync(context, commentWindow.PermitLimit);
        });
        return services;
    }

    /// <summary>A key's own partition; anonymous callers by their address (the client's, behind a named proxy).</summary>
    private static string Caller(HttpContext context) =>
        context.User.FindFirst(Claims.KeyId)?.Value ?? "address:" + context.Connection.RemoteIpAddress;

    private static bool IsHealth(HttpContext context) => context.Request.Path.StartsWithSegments("/health");

    // A server-sent-event stream is long-lived and nearly idle: it must not hold a read slot. A read answered from memory
    // takes one only when it must render (ReadSlots.EnterAsync).
    private static bool IsRead(HttpContext context) =>
        HttpMethods.IsGet(context.Request.Method) && !IsHealth(context)
        && context.GetEndpoint()?.Metadata.GetMetadata<RendersOnMissMetadata>() is null
        && !context.Request.Headers.Accept.Any(a => a?.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase) == true);

    private static async ValueTask RejectAsync(OnRejectedContext rejected, int commentsPerMinute)
    {
        var context = rejected.HttpContext;
        var timed = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter);
        var comments = context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == Comments;
        // A comment window frees a slot each tenth of a minute; a full read queue drains within a second.
        var seconds = timed ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : comments ? 10 : 1;
        var why = comments ? $"This key reached its limit of requests, or of {commentsPerMinute} comments a minute"
            : timed ? "This key sent more requests than its limit"
            : "This server has too many reads waiting";
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"{why}; retry after {seconds} s.",
            },
        });
    }
}

/// <summary>
/// The slots for reads that do real work (a query or a render): one <see cref="ConcurrencyLimiter"/> per instance, so
/// that a crowd of readers cannot fill the thread pool in front of the writers. The global limiter takes a slot for
/// every such read; an endpoint that answers most reads from memory (<see cref="RendersOnMissMetadata"/>) takes one
/// only when it must render.
/// </summary>
public sealed class ReadSlots : IDisposable
{
    private readonly ConcurrencyLimiter _slots;

    public ReadSlots(RateLimitOptions options)
    {
        _slots = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = Math.Max(1, options.MaxConcurrentReads),
            QueueLimit = Math.Max(0, options.MaxQueuedReads),
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        Limiter = new Shared(_slots);
    }

    /// <summary>The slots as the global limiter's partition: never idle, never disposed by it.</summary>
    public RateLimiter Limiter { get; }

    /// <summary>Waits for a slot; a full queue is a 429 with Retry-After (<see cref="ServerBusyException"/>).</summary>
    public async ValueTask<RateLimitLease> EnterAsync(HttpContext context)
    {
        var lease = await _slots.AcquireAsync(1, context.RequestAborted);
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            throw new ServerBusyException("This server has too many reads waiting; retry after 1 s.");
        }

        return lease;
    }

    public void Dispose() => _slots.Dispose();

    private sealed class Shared(ConcurrencyLimiter slots) : RateLimiter
    {
        public override TimeSpan? IdleDuration => null;

        public override RateLimiterStatistics? GetStatistics() => slots.GetStatistics();

        protected override RateLimitLease AttemptAcquireCore(int permitCount) => slots.AttemptAcquire(permitCount);

        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
            slots.AcquireAsync(permitCount, cancellationToken);
    }
}

/// <summary>Marks an endpoint that answers most reads from memory and takes a read slot itself, only when it must render.</summary>
public sealed class RendersOnMissMetadata
{
    public static readonly RendersOnMissMetadata Instance = new();
}

/// <summary>Too many reads wait on this instance: 429 with Retry-After.</summary>
public sealed class ServerBusyException(string message) : Exception(message);
