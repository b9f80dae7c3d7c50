using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OewgDrafting.Api.Infrastructure.Behaviours;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Api.Infrastructure.Webhooks;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Delegations;
using OewgDrafting.Domain.Webhooks;

namespace OewgDrafting.Api.Features.Webhooks;

/// <summary>POST body: where to deliver, and what (all event types when none are named; one document, some of its paragraphs).</summary>
public sealed record WebhookRequest(string? Url, string? Description, IReadOnlyList<string>? EventTypes, Guid? DocumentId, IReadOnlyList<Guid>? BlockIds);

/// <summary>A subscription as its owner (or the chair) sees it; the secret is shown only when it is made or rotated.</summary>
public sealed record WebhookResponse(
    Guid Id,
    string Owner,
    string Url,
    string Description,
    IReadOnlyList<string> EventTypes,
    Guid? DocumentId,
    IReadOnlyList<Guid> BlockIds,
    WebhookStatus Status,
    string? DisabledReason,
    int Failures,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset? PreviousSecretExpiresAt,
    DateTimeOffset CreatedAt,
    int Version)
{
    public static WebhookResponse From(WebhookSubscription s) => new(s.Id, s.Owner, s.Url, s.Description, s.EventTypes, s.DocumentId, s.BlockIds,
        s.Status, s.DisabledReason, s.Failures, s.NextAttemptAt, s.PreviousSecretExpiresAt, s.CreatedAt, s.Version);
}

/// <summary>A new subscription, or a rotated secret: the only time the secret is shown.</summary>
public sealed record WebhookSecretResponse(WebhookResponse Subscription, string Secret);

/// <summary>One attempt to deliver one event.</summary>
public sealed record WebhookDeliveryResponse(Guid Id, Guid DocumentId, long Sequence, string EventType, string MessageId, int Attempt,
    DateTimeOffset AttemptedAt, bool Succeeded, int? StatusCode, int LatencyMs, string? Error)
{
    public static WebhookDeliveryResponse From(WebhookDelivery d) =>
        new(d.Id, d.DocumentId, d.Sequence, d.EventType, d.MessageId, d.Attempt, d.AttemptedAt, d.Succeeded, d.StatusCode, d.LatencyMs, d.Error);
}

/// <summary>POST body of a replay: deliver again a document's events from a sequence on.</summary>
public sealed record ReplayRequest(Guid? DocumentId, long? FromSequence);

/// <summary>What a subscription's owner or the chair may see and change; anyone else is refused.</summary>
internal static class WebhookAccess
{
    public static async Task<WebhookSubscription> FindAsync(DraftingDbContext db, Guid id, string caller, bool tracked, CancellationToken cancellationToken)
    {
        var query = tracked ? db.WebhookSubscriptions : db.WebhookSubscriptions.AsNoTracking();
        var subscription = await query.SingleOrDefaultAsync(s => s.Id == id, cancellationToken) ?? throw new NotFoundException("Webhook subscription", id);
        if (caller != Delegation.ChairCode && !string.Equals(caller, subscription.Owner, StringComparison.OrdinalIgnoreCase))
        {
            throw new ForbiddenException($"This webhook subscription is {subscription.Owner}'s: only {subscription.Owner} and the chair see or change it.");
        }

        return subscription;
    }
}

/// <summary>A delegation, for itself, or the chair registers a webhook; its cursors start at each document's present end.</summary>
public static class CreateWebhook
{
    public sealed record Command(string? Url, string? Description, IReadOnlyList<string>? EventTypes, Guid? DocumentId, IReadOnlyList<Guid>? BlockIds)
        : ICommand<WebhookSecretResponse>;

    public sealed class Validator : IValidator<Command>
    {
        private static readonly HashSet<string> Types = [.. EventType.All.Select(t => t.Name), WebhookEventTypes.DigestDaily];

        public void Validate(Command message, ValidationErrors errors)
        {
            errors.Required("url", message.Url);
            if (message.Description is { Length: > WebhookSubscription.MaxDescriptionLength })
            {
                errors.Add("description", $"A description is at most {WebhookSubscription.MaxDescriptionLength} characters.");
            }

            if (message.EventTypes is { Count: > WebhookSubscription.MaxEventTypes })
            {
                errors.Add("eventTypes", $"Name at most {WebhookSubscription.MaxEventTypes} event types, or none for all.");
            }
            else if (message.EventTypes?.FirstOrDefault(t => t is null || !Types.Contains(t)) is { } unknown)
            {
                errors.Add("eventTypes", $"'{unknown}' is not an event type; they are: {string.Join(", ", Types)}.");
            }

            if (message.BlockIds is { Count: > 0 } && message.DocumentId is null)
            {
                errors.Add("blockIds", "Paragraphs are named within one document: give documentId too.");
            }
            else if (message.BlockIds is { Count: > WebhookSubscription.MaxBlocks })
            {
                errors.Add("blockIds", $"Name at most {WebhookSubscription.MaxBlocks} paragraphs.");
            }
        }
    }

    public sealed class Handler(DraftingDbContext db, EventJournal journal) : ICommandHandler<Command, WebhookSecretResponse>
    {
        public async ValueTask<WebhookSecretResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var documents = await db.Documents.AsNoTracking()
                .Where(d => command.DocumentId == null || d.Id == command.DocumentId)
                .Select(d => new { d.Id, d.Version }).ToListAsync(cancellationToken);
            if (command.DocumentId is { } documentId && documents.Count == 0)
            {
                throw new DomainValidationException("documentId", $"Document '{documentId}' does not exist.");
            }

            var blockIds = command.BlockIds?.Distinct().ToList() ?? [];
            if (blockIds.Count > 0)
            {
                var known = await db.Blocks.AsNoTracking().Where(b => b.DocumentId == command.DocumentId && blockIds.Contains(b.Id)).Select(b => b.Id)
                    .ToListAsync(cancellationToken);
                if (blockIds.FirstOrDefault(b => !known.Contains(b)) is var missing && missing != Guid.Empty)
                {
                    throw new DomainValidationException("blockIds", $"Block '{missing}' is not a block of document '{command.DocumentId}'.");
                }
            }

            var (subscription, secret) = WebhookSubscription.Create(Guid.CreateVersion7(journal.Now), journal.ActorCode, command.Url!.Trim(),
                command.Description?.Trim(), command.EventTypes?.Distinct().ToList() ?? [], command.DocumentId, blockIds, journal.ActorCode, journal.Now);
            db.WebhookSubscriptions.Add(subscription);
            foreach (var document in documents)
            {
                db.WebhookCursors.Add(WebhookCursor.At(subscription.Id, document.Id, document.Version));
            }

            journal.RecordRegistry(RegistryEventTypes.WebhookCreated, subscription.Owner, new { SubscriptionId = subscription.Id, subscription.Url });
            return new WebhookSecretResponse(WebhookResponse.From(subscription), secret);
        }
    }
}

public enum WebhookAction
{
    Pause,
    Resume,
    RotateSecret,
    Delete,
}

/// <summary>The owner (or the chair) pauses, resumes, rotates the secret of, or deletes a subscription.</summary>
public static class ChangeWebhook
{
    public sealed record Command(Guid Id, WebhookAction Action) : ICommand<WebhookSecretResponse?>;

    public sealed class Handler(DraftingDbContext db, EventJournal journal, IOptionsMonitor<WebhookOptions> options, WebhookSignal signal)
        : ICommandHandler<Command, WebhookSecretResponse?>
    {
        public async ValueTask<WebhookSecretResponse?> Handle(Command command, CancellationToken cancellationToken)
        {
            var subscription = await WebhookAccess.FindAsync(db, command.Id, journal.ActorCode, tracked: true, cancellationToken);
            string? secret = null;
            switch (command.Action)
            {
                case WebhookAction.Pause:
                    subscription.Pause();
                    break;
                case WebhookAction.Resume:
                    subscription.Resume(journal.Now);
                    signal.Poke();
                    break;
                case WebhookAction.RotateSecret:
                    secret = subscription.RotateSecret(journal.Now, options.CurrentValue.SecretOverlap);
                    break;
                default:
                    db.WebhookSubscriptions.Remove(subscription);
                    journal.RecordRegistry(RegistryEventTypes.WebhookDeleted, subscription.Owner, new { SubscriptionId = subscription.Id });
                    return null;
            }

            journal.RecordRegistry(RegistryEventTypes.WebhookChanged, subscription.Owner,
                new { SubscriptionId = subscription.Id, Action = command.Action.ToString(), subscription.Status });
            return new WebhookSecretResponse(WebhookResponse.From(subscription), secret ?? string.Empty);
        }
    }
}

/// <summary>Delivers a document's events again from a sequence on (the receivers deduplicate by <c>webhook-id</c>).</summary>
public static class ReplayWebhook
{
    public sealed record Command(Guid Id, Guid? DocumentId, long? FromSequence) : ICommand<WebhookResponse>;

    public sealed class Validator : IValidator<Command>
    {
        public void Validate(Command message, ValidationErrors errors)
        {
            errors.Required("documentId", message.DocumentId);
            if (message.FromSequence is not > 0)
            {
                errors.Add("fromSequence", "Give the first sequence to deliver again (1 for the whole log).");
            }
        }
    }

    public sealed class Handler(DraftingDbContext db, EventJournal journal, WebhookSignal signal) : ICommandHandler<Command, WebhookResponse>
    {
        public async ValueTask<WebhookResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var subscription = await WebhookAccess.FindAsync(db, command.Id, journal.ActorCode, tracked: true, cancellationToken);
            var documentId = command.DocumentId!.Value;
            if (subscription.DocumentId is { } only && only != documentId)
            {
                throw new DomainValidationException("documentId", $"This subscription delivers document '{only}' only.");
            }

            var version = await db.DocumentVersionAsync(documentId, cancellationToken);
            if (command.FromSequence > version + 1)
            {
                throw new DomainValidationException("fromSequence", $"The document's log ends at sequence {version}.");
            }

            var cursor = await db.WebhookCursors.SingleOrDefaultAsync(c => c.SubscriptionId == subscription.Id && c.DocumentId == documentId, cancellationToken);
            if (cursor is null)
            {
                db.WebhookCursors.Add(WebhookCursor.At(subscription.Id, documentId, command.FromSequence!.Value - 1));
            }
            else
            {
                cursor.MoveTo(command.FromSequence!.Value - 1);
            }

            journal.RecordRegistry(RegistryEventTypes.WebhookChanged, subscription.Owner,
                new { SubscriptionId = subscription.Id, Action = "Replay", DocumentId = documentId, command.FromSequence });
            signal.Poke();
            return WebhookResponse.From(subscription);
        }
    }
}

/// <summary>The caller's subscriptions (every one, for the chair), or one of them.</summary>
public static class ListWebhooks
{
    public sealed record Query(string Caller) : IQuery<IReadOnlyList<WebhookResponse>>;

    public sealed class Handler(DraftingDbContext db) : IQueryHandler<Query, IReadOnlyList<WebhookResponse>>
    {
        public async ValueTask<IReadOnlyList<WebhookResponse>> Handle(Query query, CancellationToken cancellationToken) =>
            (await db.WebhookSubscriptions.AsNoTracking()
                .Where(s => query.Caller == Delegation.ChairCode || s.Owner == query.Caller)
                .ToListAsync(cancellationToken))
            .OrderBy(s => s.CreatedAt).Select(WebhookResponse.From).ToList();
    }
}

public static class GetWebhook
{
    public sealed record Query(Guid Id, string Caller) : IQuery<WebhookResponse>;

    public sealed class Handler(DraftingDbContext db) : IQueryHandler<Query, WebhookResponse>
    {
        public async ValueTask<WebhookResponse> Handle(Query query, CancellationToken cancellationToken) =>
            WebhookResponse.From(await WebhookAccess.FindAsync(db, query.Id, query.Caller, tracked: false, cancellationToken));
    }
}

/// <summary>A subscription's attempts, the latest first.</summary>
public static class ListWebhookDeliveries
{
    public sealed record Query(Guid Id, string Caller, int Limit) : IQuery<IReadOnlyList<WebhookDeliveryResponse>>;

    public sealed class Handler(DraftingDbContext db) : IQueryHandler<Query, IReadOnlyList<WebhookDeliveryResponse>>
    {
        public async ValueTask<IReadOnlyList<WebhookDeliveryResponse>> Handle(Query query, CancellationToken cancellationToken)
        {
            await WebhookAccess.FindAsync(db, query.Id, query.Caller, tracked: false, cancellationToken);
            return (await db.WebhookDeliveries.AsNoTracking().Where(d => d.SubscriptionId == query.Id)
                    .OrderByDescending(d => d.AttemptedAt).ThenByDescending(d => d.Id).Take(query.Limit)
                    .ToListAsync(cancellationToken))
                .Select(WebhookDeliveryResponse.From).ToList();
        }
    }
}

public static class WebhookEventTypes
{
    /// <summary>The day's digest (<see cref="GetDigest"/>), delivered at <c>Webhooks:DigestHour</c> to the subscriptions that name it.</summary>
    public const string DigestDaily = "digest.daily";
}
