using OewgDrafting.Domain.Amendments;

namespace OewgDrafting.Api.Features.Amendments;

/// <summary>The paragraph as it would read if the amendment were accepted now; or why it cannot be placed.</summary>
public sealed record AmendmentPreview(string? Text, string? Label, bool RemovesParagraph, string? Conflict);

public sealed record AmendmentResponse(
    Guid Id,
    int Number,
    Guid DocumentId,
    AmendmentKind Kind,
    Guid? ParentId,
    Guid BlockId,
    int BaseVersion,
    string? Quote,
    Placement? Placement,
    string? Text,
    int? Occurrence,
    string Justification,
    string Proposer,
    string SubmittedBy,
    IReadOnlyList<string> Cosponsors,
    IReadOnlyList<string> Invited,
    AmendmentStatus Status,
    DateTimeOffset ProposedAt,
    bool Late,
    bool Oral,
    DateTimeOffset? DecidedAt,
    string? DecidedBy,
    string? Reason,
    Guid? MergedInto,
    Guid? ResultBlockId,
    int Version,
    IReadOnlyList<Guid> CollidesWith,
    AmendmentPreview? Preview,
    IReadOnlyList<AmendmentHistoryEntry>? History)
{
    /// <summary>
    /// True when <see cref="CollidesWith"/> may not list every collision (a proposal's answer lists at most
    /// <see cref="DescribeProposal.MaxCollisions"/>); page them all at /amendments/{id}/collisions.
    /// </summary>
    public bool MoreCollisions { get; init; }

    /// <summary>Set when the proposed words are agreed language: an adopted paragraph holds all of them.</summary>
    public Search.AgreedLanguageDto? AgreedLanguage { get; init; }

    public static AmendmentResponse From(Amendment a, IReadOnlyList<Guid>? collidesWith = null, AmendmentPreview? preview = null,
        bool withHistory = false) =>
        new(a.Id, a.Number, a.DocumentId, a.Kind, a.ParentId, a.BlockId, a.BaseVersion, a.Quote, a.Placement, a.Text, a.Occurrence,
            a.Justification, a.Proposer, a.SubmittedBy, a.Cosponsors, a.Invited, a.Status, a.ProposedAt, a.Late, a.Oral, a.DecidedAt, a.DecidedBy, a.Reason,
            a.MergedInto, a.ResultBlockId, a.Version, collidesWith ?? [], preview, withHistory ? a.History : null);
}

public sealed record CollisionResponse(Guid BlockId, string? Label, IReadOnlyList<CollidingAmendment> Amendments);

public sealed record CollidingAmendment(Guid Id, int Number, AmendmentKind Kind, string Proposer, string? Quote, string? Text, IReadOnlyList<Guid> CollidesWith);

public sealed record CollisionPage(Guid AmendmentId, int Total, int Offset, int Limit, IReadOnlyList<Collision> Items);

public sealed record Collision(Guid Id, int Number, AmendmentKind Kind, string Proposer, string? Quote, string? Text);
