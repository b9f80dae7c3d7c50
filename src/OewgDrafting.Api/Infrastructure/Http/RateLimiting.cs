using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
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
    /// Reads that do real work (a database query or a render) at once on this instance; more wait in line. Without
    /// a bound, a crowd of readers fills the thread pool and a writer waits behind all of them. Reads answered from
    /// memory do not take a slot.
    /// </summary>
    public int MaxConcurrentReads { get; set; } = 4 * Environment.ProcessorCount;

    /// <summary>Reads waiting for a slot beyond which a read gets 429.</summary>
    public int MaxQueuedReads { get; set; } = 10_000;
}

/// <summary>
/// A token bucket as one number (the generic cell rate algorithm): the theoretical arrival time of the next
/// request. Taking a permit is one compare-and-swap, so the requests of one key never queue on a lock.
/// </summary>
public sealed class RateBucket(long interval, long tolerance)
{
    private long _theoreticalArrival;

    /// <summary>Takes a permit at <paramref name="now"/> (Stopwatch ticks), or says how long until one is free.</summary>
    public bool TryTake(long now, out TimeSpan retryAfter)
    {
        while (true)
        {
            var arrival = Volatile.Read(ref _theoreticalArrival);
            var start = Math.Max(arrival, now);
            if (start - now > tolerance)
            {
                retryAfter = Stopwatch.GetElapsedTime(0, start - now - tolerance);
                return false;
            }

            if (Interlocked.CompareExchange(ref _theoreticalArrival, start + interval, arrival) == arrival)
            {
                retryAfter = TimeSpan.Zero;
                return true;
            }
        }
    }

    /// <summary>Full again: forgetting the bucket changes nothing.</summary>
    public bool IsIdle(long now) => Volatile.Read(ref _theoreticalArrival) <= now;
}

/// <summary>
/// The per-key rate limit (per address for anonymous reads) and the bound on reads that do real work. The
/// built-in ASP.NET Core limiter takes a process-wide lock per request to find a partition; on the hot read
/// path that lock was contended on every request, so the buckets here are found without a lock and taken
/// with one compare-and-swap.
/// </summary>
public sealed class DraftingRateLimiter : IDisposable
{
    private const int PruneAbove = 10_000;

    private readonly ConcurrentDictionary<string, RateBucket> _buckets = new(StringComparer.Ordinal);
    private readonly Func<string, RateBucket> _newBucket;
    private readonly SemaphoreSlim _readSlots;
    private readonly int _maxQueuedReads;
    private int _queuedReads;

    public DraftingRateLimiter(IOptions<RateLimitOptions> options)
    {
        var o = options.Value;
        var interval = Stopwatch.Frequency / Math.Max(1, o.PermitsPerSecond);
        var tolerance = interval * (Math.Max(1, o.Burst) - 1);
        _newBucket = _ => new RateBucket(Math.Max(1, interval), tolerance);
        _readSlots = new SemaphoreSlim(Math.Max(1, o.MaxConcurrentReads));
        _maxQueuedReads = Math.Max(0, o.MaxQueuedReads);
    }

    public void Dispose() => _readSlots.Dispose();

    public bool TryTake(string partition, out TimeSpan retryAfter)
    {
        var now = Stopwatch.GetTimestamp();
        if (_buckets.Count > PruneAbove)
        {
            Prune(now);
        }

        return _buckets.GetOrAdd(partition, _newBucket).TryTake(now, out retryAfter);
    }

    /// <summary>Waits for a slot for a read that does real work; null when too many are waiting already.</summary>
    public async ValueTask<ReadSlot?> EnterReadAsync(CancellationToken cancellationToken)
    {
        if (_readSlots.Wait(0, CancellationToken.None))
        {
            return new ReadSlot(_readSlots);
        }

        if (Interlocked.Increment(ref _queuedReads) > _maxQueuedReads)
        {
            Interlocked.Decrement(ref _queuedReads);
            return null;
        }

        try
        {
            await _readSlots.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _queuedReads);
        }

        return new ReadSlot(_readSlots);
    }

    /// <summary>Anonymous addresses come and go: full buckets are dropped once there are many.</summary>
    private void Prune(long now)
    {
        foreach (var (partition, bucket) in _buckets)
        {
            if (bucket.IsIdle(now))
            {
                _buckets.TryRemove(partition, out _);
            }
        }
    }

    public sealed class ReadSlot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}

/// <summary>Marks an endpoint that answers most reads from memory and takes a read slot itself, only when it must render.</summary>
public sealed class TakesOwnReadSlotMetadata
{
    public static readonly TakesOwnReadSlotMetadata Instance = new();
}

public sealed class RateLimitingMiddleware(RequestDelegate next, DraftingRateLimiter limiter, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/health"))
        {
            await next(context);
            return;
        }

        var partition = context.User.Identity is ApiKeyIdentity identity
            ? identity.Key.Partition
            : "anonymous:" + context.Connection.RemoteIpAddress;
        if (!limiter.TryTake(partition, out var retryAfter))
        {
            // Written here rather than thrown: a flood of refused requests must stay cheap.
            await RejectAsync(context, problems, retryAfter, "This key sent more requests than its limit");
            return;
        }

        if (!HttpMethods.IsGet(context.Request.Method) || IsStream(context)
            || context.GetEndpoint()?.Metadata.GetMetadata<TakesOwnReadSlotMetadata>() is not null)
        {
            await next(context);
            return;
        }

        using var slot = await limiter.EnterReadAsync(context.RequestAborted);
        if (slot is null)
        {
            await RejectAsync(context, problems, TimeSpan.FromSeconds(1), "This server has too many reads waiting");
            return;
        }

        await next(context);
    }

    public static async Task RejectAsync(HttpContext context, IProblemDetailsService problems, TimeSpan retryAfter, string why)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await problems.WriteAsync(new ProblemDetailsContext
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

    // A server-sent-event stream is long-lived and nearly idle: it must not hold a read slot.
    private static bool IsStream(HttpContext context)
    {
        foreach (var accept in context.Request.Headers.Accept)
        {
            if (accept?.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase) == true)
            {
                return true;
            }
        }

        return false;
    }
}

public static class RateLimiting
{
    public static IServiceCollection AddDraftingRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RateLimitOptions>(configuration.GetSection(RateLimitOptions.Section));
        services.AddSingleton<DraftingRateLimiter>();
        return services;
    }

    /// <summary>
    /// For endpoints marked <see cref="TakesOwnReadSlotMetadata"/>: a read that must render waits for a slot as other
    /// reads do; when too many wait already it is refused with 429.
    /// </summary>
    public static async ValueTask<DraftingRateLimiter.ReadSlot> EnterReadAsync(HttpContext context) =>
        await context.RequestServices.GetRequiredService<DraftingRateLimiter>().EnterReadAsync(context.RequestAborted)
        ?? throw new ServerBusyException("This server has too many reads waiting; retry after 1 s.");
}

/// <summary>Too much work is waiting on this instance: 429 with Retry-After.</summary>
public sealed class ServerBusyException(string message) : Exception(message);
