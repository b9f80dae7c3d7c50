using OewgDrafting.Domain.Amendments;

namespace OewgDrafting.Api.Features.Meetings;

/// <summary>The pending amendments in the order the chair takes them, with the chair's proposed handling of each.</summary>
public sealed record DecisionListResponse(Guid DocumentId, string Symbol, string Title, IReadOnlyList<DecisionListItem> Items);

/// <summary>
/// One item: an amendment, or several making the same change (the first leads); <c>subAmendmentOf</c> names the item a
/// sub-amendment amends; <c>collidesWith</c> the items it excludes, taken in the list's order (<c>order</c>: the one
/// furthest from the text first, or the chair's own order).
/// </summary>
public sealed record DecisionListItem(
    int Item,
    Guid BlockId,
    string? Label,
    string Change,
    IReadOnlyList<DecisionListAmendment> Amendments,
    int? SubAmendmentOf,
    IReadOnlyList<int> CollidesWith,
    string? Order,
    HandlingResponse? Handling);

public sealed record DecisionListAmendment(Guid Id, int Number, AmendmentKind Kind, string Proposer, IReadOnlyList<string> Cosponsors, bool Late, bool Oral,
    HandlingResponse? Handling);
