namespace OewgDrafting.Api.Infrastructure.Events;

/// <summary>
/// A type of event in a document's log, and whether it changes the document's clean text: an event that does not
/// leaves every cached rendering of the text valid; one that does moves the document's text version on.
/// </summary>
public sealed record EventType(string Name, bool ChangesText)
{
    public static readonly EventType DocumentCreated = new("documentCreated", ChangesText: true);
    public static readonly EventType DocumentImported = new("documentImported", ChangesText: true);
    public static readonly EventType DocumentOpened = new("documentOpened", ChangesText: true);
    public static readonly EventType DocumentAdopted = new("documentAdopted", ChangesText: true);
    public static readonly EventType BlockAdded = new("blockAdded", ChangesText: true);
    public static readonly EventType BlockEdited = new("blockEdited", ChangesText: true);
    public static readonly EventType BlockDeleted = new("blockDeleted", ChangesText: true);
    public static readonly EventType BlockAgreed = new("blockAgreed", ChangesText: true);
    public static readonly EventType BlockReopened = new("blockReopened", ChangesText: true);
    public static readonly EventType BracketResolved = new("bracketResolved", ChangesText: true);
    public static readonly EventType AmendmentProposed = new("amendmentProposed", ChangesText: false);
    public static readonly EventType AmendmentCosponsored = new("amendmentCosponsored", ChangesText: false);
    public static readonly EventType AmendmentCosponsorshipWithdrawn = new("amendmentCosponsorshipWithdrawn", ChangesText: false);
    public static readonly EventType AmendmentCosponsorshipDeclined = new("amendmentCosponsorshipDeclined", ChangesText: false);
    public static readonly EventType AmendmentWithdrawn = new("amendmentWithdrawn", ChangesText: false);
    public static readonly EventType AmendmentAccepted = new("amendmentAccepted", ChangesText: true);
    public static readonly EventType AmendmentBracketed = new("amendmentBracketed", ChangesText: true);
    public static readonly EventType AmendmentRejected = new("amendmentRejected", ChangesText: false);
    public static readonly EventType AmendmentSuperseded = new("amendmentSuperseded", ChangesText: false);
    public static readonly EventType AmendmentsMerged = new("amendmentsMerged", ChangesText: true);

    /// <summary>A sub-amendment accepted or bracketed: its parent's proposed words changed, the text did not.</summary>
    public static readonly EventType SubAmendmentTaken = new("subAmendmentTaken", ChangesText: false);
    public static readonly EventType PositionSet = new("positionSet", ChangesText: false);
    public static readonly EventType PositionWithdrawn = new("positionWithdrawn", ChangesText: false);
    public static readonly EventType ExplanationRecorded = new("explanationRecorded", ChangesText: false);
    public static readonly EventType SilenceStarted = new("silenceStarted", ChangesText: false);
    public static readonly EventType SilenceBroken = new("silenceBroken", ChangesText: false);
    public static readonly EventType SilenceConcluded = new("silenceConcluded", ChangesText: true);
    public static readonly EventType RevisionIssued = new("revisionIssued", ChangesText: true);
    public static readonly EventType LanguageVersionCreated = new("languageVersionCreated", ChangesText: false);
    public static readonly EventType TranslationUpdated = new("translationUpdated", ChangesText: false);
    public static readonly EventType CommentAdded = new("commentAdded", ChangesText: false);
    public static readonly EventType CommentEdited = new("commentEdited", ChangesText: false);
    public static readonly EventType CommentDeleted = new("commentDeleted", ChangesText: false);
    public static readonly EventType CommentThreadResolved = new("commentThreadResolved", ChangesText: false);
    public static readonly EventType CommentThreadReopened = new("commentThreadReopened", ChangesText: false);
    public static readonly EventType DeadlineSet = new("deadlineSet", ChangesText: false);
    public static readonly EventType DeadlineCleared = new("deadlineCleared", ChangesText: false);
    public static readonly EventType HandlingProposed = new("handlingProposed", ChangesText: false);
    public static readonly EventType HandlingAnswered = new("handlingAnswered", ChangesText: false);
    public static readonly EventType OnTheTable = new("onTheTable", ChangesText: false);
    public static readonly EventType ClusterSet = new("clusterSet", ChangesText: false);
    public static readonly EventType ClusterRemoved = new("clusterRemoved", ChangesText: false);

    /// <summary>Every type, in the order the API description lists them (a test checks none is missing).</summary>
    public static readonly IReadOnlyList<EventType> All =
    [
        DocumentCreated,
        DocumentImported,
        DocumentOpened,
        DocumentAdopted,
        BlockAdded,
        BlockEdited,
        BlockDeleted,
        BlockAgreed,
        BlockReopened,
        BracketResolved,
        AmendmentProposed,
        AmendmentCosponsored,
        AmendmentCosponsorshipWithdrawn,
        AmendmentCosponsorshipDeclined,
        AmendmentWithdrawn,
        AmendmentAccepted,
        AmendmentBracketed,
        AmendmentRejected,
        AmendmentSuperseded,
        AmendmentsMerged,
        SubAmendmentTaken,
        PositionSet,
        PositionWithdrawn,
        ExplanationRecorded,
        SilenceStarted,
        SilenceBroken,
        SilenceConcluded,
        RevisionIssued,
        LanguageVersionCreated,
        TranslationUpdated,
        CommentAdded,
        CommentEdited,
        CommentDeleted,
        CommentThreadResolved,
        CommentThreadReopened,
        DeadlineSet,
        DeadlineCleared,
        HandlingProposed,
        HandlingAnswered,
        OnTheTable,
        ClusterSet,
        ClusterRemoved,
    ];

    public override string ToString() => Name;
}

/// <summary>The types of event in the registry's log (delegations and keys).</summary>
public static class RegistryEventTypes
{
    public const string DelegationCreated = "delegationCreated";
    public const string DelegationUpdated = "delegationUpdated";
    public const string KeyIssued = "keyIssued";
    public const string KeyRevoked = "keyRevoked";
    public const string WebhookCreated = "webhookCreated";
    public const string WebhookChanged = "webhookChanged";
    public const string WebhookDeleted = "webhookDeleted";

    public static readonly IReadOnlyList<string> All = [DelegationCreated, DelegationUpdated, KeyIssued, KeyRevoked, WebhookCreated, WebhookChanged, WebhookDeleted];
}
