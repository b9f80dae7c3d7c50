using OewgDrafting.Domain.Positions;

namespace OewgDrafting.Api.Features.Positions;

public sealed record PositionResponse(
    string Delegation,
    PositionTarget Target,
    Guid TargetId,
    int? BracketIndex,
    int? Alternative,
    Stance Stance,
    string? Statement,
    DateTimeOffset At)
{
    public static PositionResponse From(Position p) =>
        new(p.Delegation, p.Target, p.TargetId, p.BracketIndex, p.Alternative, p.Stance, p.Statement, p.At);
}

/// <summary>Where a position is taken: a paragraph, an amendment, or one bracket of a paragraph.</summary>
public sealed record PositionTargetRef(PositionTarget Target, Guid TargetId, int? BracketIndex);
