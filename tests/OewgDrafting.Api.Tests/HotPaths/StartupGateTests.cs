using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OewgDrafting.Api.Infrastructure.Errors;
using OewgDrafting.Api.Infrastructure.Http;

namespace OewgDrafting.Api.Tests.HotPaths;

/// <summary>
/// The server listens while its database is prepared: nothing may reach the database before the preparation is done,
/// health says so, and a failed preparation answers no request as if it had succeeded.
/// </summary>
public class StartupGateTests
{
    private readonly StartupGate _gate = new();
    private readonly IServiceProvider _services = new ServiceCollection()
        .AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>()
        .AddProblemDetails()
        .AddOptions()
        .BuildServiceProvider();

    private int _passed;

    private StartupGateMiddleware Middleware => new(_ => { Interlocked.Increment(ref _passed); return Task.CompletedTask; }, _gate);

    private DefaultHttpContext Request(string path)
    {
        var context = new DefaultHttpContext { RequestServices = _services };
        context.Request.Path = path;
        context.Response.Body = new MemoryStream();
        return context;
    }

    [Fact]
    public async Task While_the_database_is_prepared_requests_wait_health_says_503_and_liveness_answers()
    {
        var preparation = new TaskCompletionSource();
        var prepared = _gate.PrepareAsync(() => preparation.Task);

        var health = Request("/health");
        await Middleware.InvokeAsync(health);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, health.Response.StatusCode);
        Assert.StartsWith("application/problem+json", health.Response.ContentType, StringComparison.Ordinal);
        var ready = Request("/health/ready");
        await Middleware.InvokeAsync(ready);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, ready.Response.StatusCode);
        await Middleware.InvokeAsync(Request("/health/live"));
        Assert.Equal(1, _passed);

        var waiting = Middleware.InvokeAsync(Request("/api/documents"));
        Assert.False(waiting.IsCompleted);
        Assert.Equal(1, _passed);

        preparation.SetResult();
        await prepared;
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, _passed);
        Assert.True(_gate.IsOpen);

        var healthAfter = Request("/health");
        await Middleware.InvokeAsync(healthAfter);
        Assert.Equal(3, _passed);
        Assert.Equal(StatusCodes.Status200OK, healthAfter.Response.StatusCode);
    }

    [Fact]
    public async Task A_failed_preparation_is_thrown_to_the_host_and_answers_waiting_requests_with_503()
    {
        var preparation = new TaskCompletionSource();
        var prepared = _gate.PrepareAsync(() => preparation.Task);
        var waiting = Request("/api/documents");
        var pending = Middleware.InvokeAsync(waiting);

        preparation.SetException(new InvalidOperationException("the migrations failed"));

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => prepared);
        Assert.Equal("the migrations failed", thrown.Message);
        await pending.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, waiting.Response.StatusCode);
        Assert.Equal(0, _passed);
        Assert.False(_gate.IsOpen);
        Assert.False(await _gate.WaitAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Background_services_start_after_the_preparation_or_not_at_all_when_the_server_stops()
    {
        var preparation = new TaskCompletionSource();
        _ = _gate.PrepareAsync(() => preparation.Task);
        using var stopping = new CancellationTokenSource();

        var waiting = _gate.WaitAsync(stopping.Token);
        Assert.False(waiting.IsCompleted);
        preparation.SetResult();
        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(10)));

        var stopped = new StartupGate();
        stopping.Cancel();
        Assert.False(await stopped.WaitAsync(stopping.Token));
    }
}
