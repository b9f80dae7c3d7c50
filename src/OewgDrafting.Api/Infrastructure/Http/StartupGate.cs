namespace OewgDrafting.Api.Infrastructure.Http;

/// <summary>
/// The server starts listening while the database is prepared (migrations checked, the chair's key and the demo
/// ensured), not after it: on an existing database that preparation and the host's own start (Kestrel, the
/// pipeline, their first compilations) each take a few hundred milliseconds, and on two cores they overlap. Nothing
/// is served from an unprepared database: other requests wait for the preparation, background services that read
/// the database start after it, and <c>/health</c> and <c>/health/ready</c> answer 503 until it is done (liveness
/// answers at once). If the preparation fails, the server stops with its error, as it did when it ran first.
/// </summary>
public sealed class StartupGate
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the preparation has succeeded; faults with its error.</summary>
    public Task Ready => _ready.Task;

    public bool IsOpen => _ready.Task.IsCompletedSuccessfully;

    /// <summary>Runs the preparation on the thread pool, beside the host's start, and opens the gate when it succeeds.</summary>
    public Task PrepareAsync(Func<Task> preparation) => Task.Run(async () =>
    {
        try
        {
            await preparation();
            _ready.TrySetResult();
        }
        catch (Exception e)
        {
            _ready.TrySetException(e);
            throw;
        }
    });

    /// <summary>Waits for the preparation in a background service; false if the server is stopping or could not start.</summary>
    public async Task<bool> WaitAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Ready.WaitAsync(stoppingToken);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }
}

/// <summary>Holds requests until <see cref="StartupGate"/> opens; once open it costs one check.</summary>
public sealed class StartupGateMiddleware(RequestDelegate next, StartupGate gate)
{
    public Task InvokeAsync(HttpContext context) => gate.IsOpen ? next(context) : WaitAsync(context);

    private async Task WaitAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/health/live"))
        {
            await next(context);
            return;
        }

        if (path.StartsWithSegments("/health") && !gate.Ready.IsCompleted)
        {
            await UnavailableAsync(context, "Starting: the database is still being prepared (migrations, the chair's key). Ask again shortly.");
            return;
        }

        try
        {
            await gate.Ready.WaitAsync(context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await UnavailableAsync(context, "The server could not prepare its database and is stopping; its log says why.");
            return;
        }

        await next(context);
    }

    private static async Task UnavailableAsync(HttpContext context, string detail)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "1";
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = StatusCodes.Status503ServiceUnavailable, Detail = detail },
        });
    }
}
