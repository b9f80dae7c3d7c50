using OewgDrafting.Domain.Positions;
using OewgDrafting.Domain.Revisions;
using OewgDrafting.Domain.Silence;

namespace OewgDrafting.Api.Features.Consensus;

public sealed record AdoptionResponse(Guid DocumentId, DateTimeOffset AdoptedAt, string AdoptedBy, string Method, int FinalRevision,
    long DocumentVersion, IReadOnlyList<Reservation> Reservations, IReadOnlyList<ExplanationOfPosition> Explanations,
    IReadOnlyList<LanguageAtAdoption> Languages, long HeadSequence, string? HeadHash)
{
    public static AdoptionResponse From(Adoption a) =>
        new(a.DocumentId, a.AdoptedAt, a.AdoptedBy, a.Method, a.FinalRevision, a.DocumentVersion, a.Reservations, a.Explanations, a.Languages,
            a.HeadSequence, a.HeadHash);
}

public sealed record ExplanationResponse(Guid Id, string Delegation, Guid? BlockId, string Text, DateTimeOffset At)
{
    public static ExplanationResponse From(Explanation e) => new(e.Id, e.Delegation, e.BlockId, e.Text, e.At);
}

public sealed record SilenceResponse(Guid Id, bool WholeDocument, IReadOnlyList<Guid> BlockIds, DateTimeOffset StartedAt, string StartedBy,
    DateTimeOffset Deadline, SilenceStatus Status, string? BrokenBy, DateTimeOffset? BrokenAt, string? Statement, DateTimeOffset? ClosedAt, string? Outcome)
{
    public static SilenceResponse From(SilenceProcedure s) =>
        new(s.Id, s.WholeDocument, s.BlockIds, s.StartedAt, s.StartedBy, s.Deadline, s.Status, s.BrokenBy, s.BrokenAt, s.Statement, s.ClosedAt, s.Outcome);
}
