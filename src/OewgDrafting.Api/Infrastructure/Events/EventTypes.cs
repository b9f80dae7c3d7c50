namespace OewgDrafting.Api.Infrastructure.Events;

/// <summary>Every type of event a document's log holds (the API description lists them; a test checks none is missing).</summary>
public static class EventTypes
{
    public static readonly IReadOnlyList<string> All =
    [
        "documentCreated", "documentImported", "documentOpened", "documentAdopted",
        "blockAdded", "blockEdited", "blockDeleted", "blockAgreed", "blockReopened", "bracketResolved",
        "amendmentProposed", "amendmentCosponsored", "amendmentCosponsorshipWithdrawn", "amendmentCosponsorshipDeclined", "amendmentWithdrawn", "amendmentAccepted",
        "amendmentBracketed", "amendmentRejected", "amendmentSuperseded", "amendmentsMerged",
        "positionSet", "positionWithdrawn", "explanationRecorded",
        "silenceStarted", "silenceBroken", "silenceConcluded",
        "revisionIssued",
        "languageVersionCreated", "translationUpdated",
        "commentAdded", "commentEdited", "commentDeleted", "commentThreadResolved", "commentThreadReopened",
    ];
}
