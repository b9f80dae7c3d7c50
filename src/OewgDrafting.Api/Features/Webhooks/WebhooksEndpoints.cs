using Mediator;
using Microsoft.AspNetCore.Mvc;
using OewgDrafting.Api.Infrastructure.Auth;
using OewgDrafting.Api.Infrastructure.Http;
using OewgDrafting.Api.Infrastructure.Webhooks;

namespace OewgDrafting.Api.Features.Webhooks;

public static class WebhooksEndpoints
{
    public static IEndpointRouteBuilder MapWebhooks(this IEndpointRouteBuilder app)
    {
        var webhooks = app.MapGroup("/api/webhooks").WithTags("Webhooks");
        webhooks.MapPost("/", async (WebhookRequest body, WebhookAddressGuard guard, IMediator mediator, CancellationToken ct) =>
            {
                // Resolved before the command takes its turn: a slow name server never holds up the writers.
                await guard.CheckUrlAsync(body.Url, ct);
                var created = await mediator.Send(new CreateWebhook.Command(body.Url, body.Description, body.EventTypes, body.DocumentId, body.BlockIds), ct);
                return TypedResults.Created($"/api/webhooks/{created.Subscription.Id}", created);
            })
            .WithName("CreateWebhook").RequireAuthorization(Policies.Participant)
            .WithSummary("Subscribes the calling delegation (or the chair) to events by webhook: signed POSTs (Standard Webhooks) to an https URL, "
                + "at least once and in each document's order, with only what the caller may read in the log. The signing secret is shown only here.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        webhooks.MapGet("/", async (ICurrentActor actor, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListWebhooks.Query(actor.Code), ct)))
            .WithName("ListWebhooks").RequireAuthorization(Policies.Participant)
            .WithSummary("The caller's webhook subscriptions (the chair sees every one).");
        webhooks.MapGet("/{id:guid}", async (Guid id, ICurrentActor actor, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetWebhook.Query(id, actor.Code), ct)))
            .WithName("GetWebhook").RequireAuthorization(Policies.Participant)
            .WithSummary("One webhook subscription: its filters, status, failures and next attempt.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        webhooks.MapPost("/{id:guid}/pause", async (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok((await mediator.Send(new ChangeWebhook.Command(id, WebhookAction.Pause), ct))!.Subscription))
            .WithName("PauseWebhook").RequireAuthorization(Policies.Participant)
            .WithSummary("Stops delivering until resumed; nothing is lost meanwhile.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        webhooks.MapPost("/{id:guid}/resume", async (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok((await mediator.Send(new ChangeWebhook.Command(id, WebhookAction.Resume), ct))!.Subscription))
            .WithName("ResumeWebhook").RequireAuthorization(Policies.Participant)
            .WithSummary("Delivers again from where it stopped (a disabled subscription starts its retries afresh).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        webhooks.MapPost("/{id:guid}/rotate-secret", async (Guid id, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok((await mediator.Send(new ChangeWebhook.Command(id, WebhookAction.RotateSecret), ct))!))
            .WithName("RotateWebhookSecret").RequireAuthorization(Policies.Participant)
            .WithSummary("A new signing secret, shown once; deliveries carry signatures by the old and the new one until previousSecretExpiresAt (Webhooks:SecretOverlap).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        webhooks.MapDelete("/{id:guid}", async (Guid id, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new ChangeWebhook.Command(id, WebhookAction.Delete), ct);
                return TypedResults.NoContent();
            })
            .WithName("DeleteWebhook").RequireAuthorization(Policies.Participant)
            .WithSummary("Deletes a subscription and the record of its deliveries.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        webhooks.MapGet("/{id:guid}/deliveries", async (Guid id, [FromQuery] int? limit, ICurrentActor actor, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListWebhookDeliveries.Query(id, actor.Code, Math.Clamp(limit ?? 100, 1, 1_000)), ct)))
            .WithName("ListWebhookDeliveries").RequireAuthorization(Policies.Participant)
            .WithSummary("Every attempt, the latest first: the event, the receiver's status code, the latency and the error.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        webhooks.MapPost("/{id:guid}/replay", async (Guid id, ReplayRequest body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ReplayWebhook.Command(id, body.DocumentId, body.FromSequence), ct)))
            .WithName("ReplayWebhook").RequireAuthorization(Policies.Participant)
            .WithSummary("Delivers a document's events again from a sequence on; receivers deduplicate by webhook-id.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        app.MapGet("/api/digest", DigestAsync).WithName("GetDigest").WithTags("Webhooks").RequireAuthorization(Policies.Participant)
            .Produces<DigestResponse>(StatusCodes.Status200OK, TextFormats.Json)
            .WithMetadata(new OewgDrafting.Api.Infrastructure.OpenApi.TextRepresentationsMetadata(TextFormats.Markdown))
            .WithSummary("What changed for the caller since an instant (24 hours ago by default): its amendments decided, new amendments on the paragraphs "
                + "it follows, positions on its amendments, silence procedures, revisions, adoptions; as JSON or Markdown (?format=markdown) to mail.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status406NotAcceptable)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    private static async Task<IResult> DigestAsync([FromQuery] DateTimeOffset? since, [FromQuery] Guid? documentId, [FromQuery] string? format,
        HttpRequest request, ICurrentActor actor, TimeProvider clock, IMediator mediator, CancellationToken ct)
    {
        var chosen = MediaChoice.Choose(request, format, "The digest is", ("json", TextFormats.Json), ("markdown", TextFormats.Markdown));
        var now = clock.GetUtcNow();
        var from = since ?? now.AddDays(-1);
        if (from > now || from < now.AddDays(-366))
        {
            throw new Domain.DomainValidationException("since", "Give an instant in the past year, e.g. 2026-12-06T09:00:00Z.");
        }

        var digest = await mediator.Send(new GetDigest.Query(actor.Code, from, now, documentId), ct);
        return chosen == TextFormats.Markdown
            ? TypedResults.Text(GetDigest.Markdown(digest), TextFormats.Markdown + "; charset=utf-8")
            : TypedResults.Json(digest, ApiJson.Options(request.HttpContext));
    }
}
