namespace OewgDrafting.Api.Features.Meetings;

/// <summary>PUT body: the paragraph now on the table, or the amendment being taken (its paragraph follows).</summary>
public sealed record TablePointerRequest(Guid? BlockId, Guid? AmendmentId);

/// <summary>What is on the table now; all null when the chair has pointed nowhere yet.</summary>
public sealed record TablePointerResponse(Guid DocumentId, Guid? BlockId, string? Label, Guid? AmendmentId, int? AmendmentNumber, string? SetBy,
    DateTimeOffset? SetAt);
