using System.Text.Json.Serialization;
using OewgDrafting.Domain.Positions;

namespace OewgDrafting.Api.Features.Provenance;

/// <summary>What produced a version of a paragraph.</summary>
public enum VersionCause
{
    /// <summary>Written by the chair in the document's first text (created or imported).</summary>
    Drafted,

    /// <summary>Added by the chair as a new block.</summary>
    Added,

    /// <summary>Edited by the chair.</summary>
    Edited,

    /// <summary>An amendment accepted into the text.</summary>
    AmendmentAccepted,

    /// <summary>An amendment placed in the text in brackets.</summary>
    AmendmentBracketed,

    /// <summary>A bracket resolved by the chair.</summary>
    BracketResolved,

    /// <summary>Renumbered when a revision was issued.</summary>
    Renumbered,
}

/// <summary>An amendment that went into the text: who proposed it, who co-sponsored it, and the proposals a chair's compromise merged.</summary>
public sealed record IncorporatedAmendment(Guid Id, int Number, string Proposer, IReadOnlyList<string> Cosponsors, IReadOnlyList<MergedProposal> Merged);

public sealed record MergedProposal(Guid Id, int Number, string Proposer);

public sealed record RevisionRef(int Number, string Name);

/// <summary>A delegation's stance on the paragraph when this version was superseded (or now, for the current one).</summary>
public sealed record StanceAtTheTime(string Delegation, Stance Stance, string? Statement);

public sealed record BlockVersionHistory(
    int Version,
    string? Label,
    string Text,
    VersionCause Cause,
    long? Sequence,
    DateTimeOffset? At,
    string? Actor,
    IReadOnlyList<RevisionRef> Revisions,
    IReadOnlyList<StanceAtTheTime> Positions)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IncorporatedAmendment? Amendment { get; init; }

    /// <summary>For a renumbering: the revision that renumbered it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RevisionRef? Revision { get; init; }
}

/// <summary>The paragraph's label in each revision that holds it.</summary>
public sealed record LabelInRevision(int Revision, string Name, string? Label, int? Version);

public sealed record BlockHistoryResponse(Guid DocumentId, Guid BlockId, string Symbol, bool Deleted, IReadOnlyList<BlockVersionHistory> Versions,
    IReadOnlyList<LabelInRevision> Labels);

/// <summary>How a paragraph of a revision relates to the revision before it.</summary>
public enum SourceChange
{
    Unchanged,
    Relabelled,
    Edited,

    /// <summary>Took in a chair's compromise that merged several proposals.</summary>
    Merged,

    /// <summary>A new paragraph whose words come from a paragraph of the previous revision.</summary>
    Split,
    New,
    Deleted,
}

/// <summary>
/// One row of the table a secretariat makes for a new revision: the paragraph's label now, its labels in the previous
/// revision, the amendments it took in, and what kind of change it is.
/// </summary>
public sealed record SourceRow(Guid BlockId, string? Label, IReadOnlyList<string> PreviousLabels, SourceChange Change,
    IReadOnlyList<IncorporatedAmendment> Amendments);

public sealed record RevisionSourcesResponse(Guid DocumentId, string Symbol, int Revision, string Name, int? PreviousRevision, string? PreviousName,
    IReadOnlyList<SourceRow> Rows);
