using OewgDrafting.Domain.Revisions;

namespace OewgDrafting.Api.Features.Revisions;

public sealed record RevisionSummary(int Number, string Name, DateTimeOffset IssuedAt, string IssuedBy, long DocumentVersion, bool Renumbered, bool Final)
{
    public static RevisionSummary From(Revision r) => new(r.Number, r.Name, r.IssuedAt, r.IssuedBy, r.DocumentVersion, r.Renumbered, r.Final);
}
