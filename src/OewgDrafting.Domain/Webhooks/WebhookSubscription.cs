using System.Security.Cryptography;

namespace OewgDrafting.Domain.Webhooks;

public enum WebhookStatus
{
    Active,
    Paused,

    /// <summary>Every retry failed: delivery stopped, with the reason, until the owner resumes it.</summary>
    Disabled,
}

/// <summary>
/// A delegation's (or the chair's) standing request to be told of events by an HTTP POST to its URL: which event types,
/// optionally of one document and some of its paragraphs. It only ever receives what its owner may read in the log.
/// </summary>
public sealed class WebhookSubscription
{
    public const int MaxUrlLength = 2_000;
    public const int MaxEventTypes = 64;
    public const int MaxBlocks = 200;
    public const int MaxDescriptionLength = 200;

    private WebhookSubscription()
    {
        Owner = Url = Secret = Description = CreatedBy = string.Empty;
        EventTypes = [];
        BlockIds = [];
    }

    public Guid Id { get; private set; }

    /// <summary>The delegation it delivers for: deliveries carry only what this delegation may read.</summary>
    public string Owner { get; private set; }

    public string Url { get; private set; }
    public string Description { get; private set; }

    /// <summary>The event types delivered; empty for all.</summary>
    public IReadOnlyList<string> EventTypes { get; private set; }

    /// <summary>Only this document's events, when set.</summary>
    public Guid? DocumentId { get; private set; }

    /// <summary>Only events touching these paragraphs (of <see cref="DocumentId"/>), when any.</summary>
    public IReadOnlyList<Guid> BlockIds { get; private set; }

    /// <summary>The signing secret, <c>whsec_</c> and the base64 of its bytes (Standard Webhooks).</summary>
    public string Secret { get; private set; }

    /// <summary>The secret before the last rotation, still signed with until <see cref="PreviousSecretExpiresAt"/>.</summary>
    public string? PreviousSecret { get; private set; }

    public DateTimeOffset? PreviousSecretExpiresAt { get; private set; }
    public WebhookStatus Status { get; private set; }
    public string? DisabledReason { get; private set; }

    /// <summary>Failed attempts in a row at the event it is stuck on; zero when the last attempt succeeded.</summary>
    public int Failures { get; private set; }

    /// <summary>When delivery may be tried next (after a failure, the backoff's end).</summary>
    public DateTimeOffset NextAttemptAt { get; private set; }

    /// <summary>The instance delivering it, and until when (a lease: when that instance dies, another takes over).</summary>
    public string? LeaseOwner { get; private set; }

    public DateTimeOffset? LeaseUntil { get; private set; }
    /// <summary>The digest instant last delivered (for <c>digest.daily</c> subscribers).</summary>
    public DateTimeOffset? LastDigestAt { get; private set; }

    public string CreatedBy { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public int Version { get; private set; }

    public static (WebhookSubscription Subscription, string Secret) Create(Guid id, string owner, string url, string? description,
        IReadOnlyList<string> eventTypes, Guid? documentId, IReadOnlyList<Guid> blockIds, string createdBy, DateTimeOffset now)
    {
        var subscription = new WebhookSubscription
        {
            Id = id,
            Owner = owner,
            Url = url,
            Description = description ?? string.Empty,
            EventTypes = eventTypes.ToList(),
            DocumentId = documentId,
            BlockIds = blockIds.ToList(),
            Secret = NewSecret(),
            Status = WebhookStatus.Active,
            NextAttemptAt = now,
            CreatedBy = createdBy,
            CreatedAt = now,
            Version = 1,
        };
        return (subscription, subscription.Secret);
    }

    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The secrets deliveries are signed with at <paramref name="now"/>: the current one, and the previous during the overlap.</summary>
    public IReadOnlyList<string> SigningSecrets(DateTimeOffset now) =>
        PreviousSecret is { } previous && PreviousSecretExpiresAt > now ? [Secret, previous] : [Secret];

    /// <summary>A new secret; the old one stays valid (deliveries carry both signatures) for <paramref name="overlap"/>.</summary>
    public string RotateSecret(DateTimeOffset now, TimeSpan overlap)
    {
        PreviousSecret = Secret;
        PreviousSecretExpiresAt = now + overlap;
        Secret = NewSecret();
        Version++;
        return Secret;
    }

    public void Pause()
    {
        if (Status == WebhookStatus.Paused)
        {
            throw new ConflictException("The subscription is paused already.", ["paused"]);
        }

        Status = WebhookStatus.Paused;
        Version++;
    }

    /// <summary>Delivers again, from where it stopped; a disabled subscription starts its retries afresh.</summary>
    public void Resume(DateTimeOffset now)
    {
        if (Status == WebhookStatus.Active)
        {
            throw new ConflictException("The subscription is active already.", ["active"]);
        }

        Status = WebhookStatus.Active;
        DisabledReason = null;
        Failures = 0;
        NextAttemptAt = now;
        Version++;
    }

    /// <summary>Whether an event of <paramref name="type"/> on <paramref name="documentId"/> touching <paramref name="touches"/> is wanted.</summary>
    public bool Wants(Guid documentId, string type, IReadOnlyList<string> touches) =>
        (DocumentId is null || DocumentId == documentId)
        && (EventTypes.Count == 0 || EventTypes.Contains(type, StringComparer.Ordinal))
        && (BlockIds.Count == 0 || BlockIds.Any(b => touches.Contains(b.ToString())));

    /// <summary>The daily digest, due at <paramref name="due"/>, was delivered.</summary>
    public void DigestDelivered(DateTimeOffset due, DateTimeOffset now)
    {
        LastDigestAt = due;
        Delivered(now);
    }

    /// <summary>The delivery at the head of its queue succeeded: the next one may go now.</summary>
    public void Delivered(DateTimeOffset now)
    {
        Failures = 0;
        NextAttemptAt = now;
    }

    /// <summary>
    /// The delivery failed: wait the schedule's next interval, with up to a fifth of it added at random so that many
    /// subscriptions to one failing receiver do not retry in step; after the last, the subscription is disabled.
    /// </summary>
    public void Failed(string reason, DateTimeOffset now, IReadOnlyList<TimeSpan> schedule, double jitter)
    {
        Failures++;
        if (Failures > schedule.Count)
        {
            Status = WebhookStatus.Disabled;
            DisabledReason = $"Disabled after {Failures} failed attempts in a row; the last: {reason}";
            Version++;
            return;
        }

        var wait = schedule[Failures - 1];
        NextAttemptAt = now + wait + TimeSpan.FromTicks((long)(wait.Ticks * 0.2 * Math.Clamp(jitter, 0, 1)));
    }
}
