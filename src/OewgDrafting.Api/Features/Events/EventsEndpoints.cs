using System.Globalization;
using System.Text;
using System.Text.Json;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OewgDrafting.Api.Infrastructure.Auth;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Domain;

namespace OewgDrafting.Api.Features.Events;

public static class EventsEndpoints
{
    public static IEndpointRouteBuilder MapDocumentEvents(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/documents/{documentId:guid}/events", GetEventsAsync)
            .WithName("ListDocumentEvents").WithTags("Events").RequireAuthorization(Policies.Read)
            .WithSummary("Pages through the document's event log after ?after= (JSON), or streams new events as server-sent events "
                + "(Accept: text/event-stream; id: is the sequence, Last-Event-ID resumes).")
            .WithMetadata(new OewgDrafting.Api.Infrastructure.OpenApi.TextRepresentationsMetadata("text/event-stream", JsonLines))
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/documents/{documentId:guid}/events/verify", VerifyAsync)
            .WithName("VerifyDocumentEvents").WithTags("Events").RequireAuthorization(Policies.Read)
            .WithSummary("Recomputes the log's hash chain (each event's hash is SHA-256 of the previous hash and the event's canonical JSON) "
                + "and says whether it holds and, if not, at which sequence it first breaks.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>The log as JSON lines: each line an event's canonical JSON with its hash, enough to check the chain anywhere.</summary>
    public const string JsonLines = "application/jsonl";

    private static async Task<Ok<ChainVerification>> VerifyAsync(Guid documentId, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new VerifyDocumentEvents.Query(documentId), cancellationToken));

    private static async Task<Results<Ok<EventPage>, EmptyHttpResult>> GetEventsAsync(Guid documentId, [FromQuery] long? after,
        [FromQuery] int? limit, [FromQuery] string? format, HttpContext http, IMediator mediator, IDocumentChangeNotifier notifier,
        IOptions<EventStreamOptions> options, CancellationToken cancellationToken)
    {
        if (format is not null && format != "jsonl" && format != "json")
        {
            throw new DomainValidationException("format", "format is json (pages) or jsonl (the whole log, one event per line, with hashes).");
        }

        if (format == "jsonl" || http.Request.Headers.Accept.Any(a => a?.Contains(JsonLines, StringComparison.OrdinalIgnoreCase) == true))
        {
            await ExportAsync(documentId, http, cancellationToken);
            return TypedResults.Empty;
        }

        if (after < 0)
        {
            throw new DomainValidationException("after", "after is a sequence number, 0 or more.");
        }

        if (limit is < 1 or > ListDocumentEvents.MaxLimit)
        {
            throw new DomainValidationException("limit", $"limit is between 1 and {ListDocumentEvents.MaxLimit}.");
        }

        var wantsStream = http.Request.Headers.Accept.Any(a => a?.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase) == true);
        if (!wantsStream)
        {
            return TypedResults.Ok(await mediator.Send(new ListDocumentEvents.Query(documentId, after ?? 0, limit ?? 100), cancellationToken));
        }

        await StreamAsync(documentId, after, http, mediator, notifier, options.Value, cancellationToken);
        return TypedResults.Empty;
    }

    /// <summary>
    /// Server-sent events: subscribe first, then send what the log holds after the client's position, then
    /// wait for the next change. Nothing is lost between the replay and the live part, and a reconnecting
    /// client (Last-Event-ID) resumes exactly where it stopped.
    /// </summary>
    private static async Task StreamAsync(Guid documentId, long? after, HttpContext http, IMediator mediator,
        IDocumentChangeNotifier notifier, EventStreamOptions options, CancellationToken cancellationToken)
    {
        var key = new StreamKey(http);
        using var subscription = notifier.Subscribe(documentId);
        // Also answers 404 for an unknown document before the stream starts. Without Last-Event-ID or ?after=,
        // the stream starts at the present: new events only.
        var current = await mediator.Send(new Documents.GetDocumentVersion.Query(documentId), cancellationToken);
        var position = LastEventId(http.Request) ?? after ?? current;

        Infrastructure.Telemetry.DraftingMetrics.EventStreams.Add(1);
        using var connected = new StreamGauge();
        http.Response.ContentType = "text/event-stream; charset=utf-8";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        await http.Response.WriteAsync($"retry: 2000\n: position {position}\n\n", cancellationToken);
        await http.Response.Body.FlushAsync(cancellationToken);

        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (!await key.StillValidAsync(cancellationToken))
                {
                    return; // revoked, deactivated or changed role: the stream ends here
                }

                var page = await mediator.Send(new ListDocumentEvents.Query(documentId, position, 200), cancellationToken);
                if (page.Events.Count > 0)
                {
                    if (!await key.StillValidAsync(cancellationToken))
                    {
                        return;
                    }

                    var builder = new StringBuilder();
                    foreach (var e in page.Events)
                    {
                        builder.Append("id: ").Append(e.Sequence.ToString(CultureInfo.InvariantCulture)).Append('\n')
                            .Append("event: ").Append(e.Type).Append('\n')
                            .Append("data: ").Append(JsonSerializer.Serialize(e, EventData.Json)).Append("\n\n");
                        position = e.Sequence;
                    }

                    await http.Response.WriteAsync(builder.ToString(), cancellationToken);
                    await http.Response.Body.FlushAsync(cancellationToken);
                    if (page.HasMore)
                    {
                        continue;
                    }
                }

                if (!await WaitAsync(subscription, options.KeepAlive, key.Changed, cancellationToken))
                {
                    await http.Response.WriteAsync(": keep-alive\n\n", cancellationToken);
                    await http.Response.Body.FlushAsync(cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client closed the stream.
        }
    }

    /// <summary>True on a change of the document, false after the keep-alive interval or a change of the key registry.</summary>
    private static async Task<bool> WaitAsync(DocumentSubscription subscription, TimeSpan keepAlive, CancellationToken registryChanged,
        CancellationToken cancellationToken)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, registryChanged);
        try
        {
            return await subscription.WaitAsync(keepAlive, either.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return true; // the registry changed: the loop checks the key, then reads the log again
        }
    }

    /// <summary>
    /// The whole log, for keeping and checking elsewhere: chair only, since it holds every comment, chair-only ones included.
    /// </summary>
    private static async Task ExportAsync(Guid documentId, HttpContext http, CancellationToken cancellationToken)
    {
        if (!http.User.IsInRole(Roles.Chair))
        {
            throw new ForbiddenException("The whole log (format=jsonl) is exported by the chair's office: it holds chair-only comments.");
        }

        var db = http.RequestServices.GetRequiredService<Infrastructure.Persistence.DraftingDbContext>();
        await Infrastructure.Persistence.BlockLookup.DocumentVersionAsync(db, documentId, cancellationToken);
        http.Response.ContentType = JsonLines + "; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"events-{documentId}.jsonl\"";
        var body = http.Response.Body;
        await foreach (var e in db.DocumentEvents.AsNoTracking().Where(e => e.DocumentId == documentId).OrderBy(e => e.Sequence)
                           .AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var canonical = Domain.Events.EventChain.Canonical(e);
            await body.WriteAsync(canonical.AsMemory(0, canonical.Length - 1), cancellationToken);
            await body.WriteAsync(Encoding.UTF8.GetBytes($",\"hash\":\"{e.Hash}\"}}\n"), cancellationToken);
        }
    }

    private static long? LastEventId(HttpRequest request) =>
        long.TryParse(request.Headers["Last-Event-ID"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
