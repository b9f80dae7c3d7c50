using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OewgDrafting.Api.Tests.Webhooks;

/// <summary>
/// A webhook receiver on 127.0.0.1 (a small Kestrel app): it keeps every request it gets and answers what
/// <see cref="Answer"/> says for the n-th one (200 unless told); <c>/redirect</c> answers 302 to <c>/hook</c>.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _count;

    private WebhookReceiver(WebApplication app) => _app = app;

    public sealed record Received(string Path, string Id, long Timestamp, string Signature, string Body, int AnsweredWith)
    {
        public JsonObject Json => JsonNode.Parse(Body)!.AsObject();
    }

    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>The status to answer the n-th request (from 1) with.</summary>
    public Func<int, int> Answer { get; set; } = _ => 200;

    public string BaseUrl { get; private set; } = string.Empty;

    public string Url => BaseUrl + "/hook";

    public static async Task<WebhookReceiver> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/redirect", () => Results.Redirect("/hook"));
        app.MapPost("/{**path}", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            var status = receiver.Answer(Interlocked.Increment(ref receiver._count));
            receiver.Requests.Enqueue(new Received(request.Path, request.Headers["webhook-id"].ToString(),
                long.TryParse(request.Headers["webhook-timestamp"].ToString(), out var t) ? t : -1, request.Headers["webhook-signature"].ToString(), body, status));
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        receiver.BaseUrl = app.Urls.First();
        return receiver;
    }

    /// <summary>The requests answered 2xx, once <paramref name="done"/> holds of them (or 20 s have passed).</summary>
    public async Task<List<Received>> WaitForAsync(Func<List<Received>, bool> done, Action? meanwhile = null)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var accepted = Requests.Where(r => r.AnsweredWith is >= 200 and < 300).ToList();
            if (done(accepted) || DateTime.UtcNow > until)
            {
                return accepted;
            }

            meanwhile?.Invoke();
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
