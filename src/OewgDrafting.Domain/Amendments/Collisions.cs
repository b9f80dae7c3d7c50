namespace OewgDrafting.Domain.Amendments;

/// <summary>Delegations' stances on an amendment, for its attribution.</summary>
public sealed record Stances(IReadOnlyList<string> Support, IReadOnlyList<string> Oppose, IReadOnlyList<string> Reserve)
{
    public static Stances None { get; } = new([], [], []);
}

/// <summary>A pending amendment as the compilation and collision views see it.</summary>
public sealed record PendingChange(
    Guid Id,
    int Number,
    TextChange Change,
    Guid BlockId,
    int BaseVersion,
    int BaseOccurrences,
    string Proposer,
    IReadOnlyList<string> Cosponsors,
    Stances Stances,
    DateTimeOffset? ProposedAt = null,
    string? Justification = null,
    string? AgreedLanguage = null,
    string? SubAmendments = null);

/// <summary>A pending amendment placed in the current text of its paragraph, or the reason it cannot be.</summary>
public sealed record ResolvedChange(PendingChange Pending, TextSpan? Span, string? Conflict)
{
    public bool IsWholeParagraph => Pending.Change.Kind is AmendmentKind.ReplaceParagraph or AmendmentKind.DeleteParagraph;
}

public static class Collisions
{
    /// <summary>Places a pending amendment in its paragraph's current text (re-anchoring it when the paragraph changed).</summary>
    public static ResolvedChange Resolve(string currentText, int currentVersion, PendingChange pending)
    {
        var change = pending.Change;
        if (!change.IsWithinParagraph)
        {
            return new ResolvedChange(pending, new TextSpan(0, currentText.Length), null);
        }

        try
        {
            var span = currentVersion == pending.BaseVersion
                ? AmendmentText.Locate(currentText, change)
                : AmendmentText.Reanchor(currentText, change, pending.BaseOccurrences);
            return new ResolvedChange(pending, span, null);
        }
        catch (AnchorException e)
        {
            return new ResolvedChange(pending, null, e.Message);
        }
    }

    /// <summary>
    /// Whether two pending amendments target overlapping text: the same words, a whole paragraph and
    /// anything in it, or the same place for a new paragraph.
    /// </summary>
    public static bool Collide(ResolvedChange a, ResolvedChange b)
    {
        if (a.Pending.Id == b.Pending.Id || a.Pending.BlockId != b.Pending.BlockId)
        {
            return false;
        }

        var aNew = a.Pending.Change.Kind == AmendmentKind.AddParagraph;
        var bNew = b.Pending.Change.Kind == AmendmentKind.AddParagraph;
        if (aNew || bNew)
        {
            return aNew && bNew;
        }

        if (a.Span is null || b.Span is null)
        {
            return false;
        }

        return a.IsWholeParagraph || b.IsWholeParagraph || a.Span.Value.Overlaps(b.Span.Value);
    }

    /// <summary>Every colliding pair among amendments on one document, each amendment with the ids it collides with.</summary>
    public static IReadOnlyDictionary<Guid, IReadOnlyList<Guid>> Find(IEnumerable<ResolvedChange> resolved)
    {
        var result = new Dictionary<Guid, IReadOnlyList<Guid>>();
        foreach (var group in resolved.GroupBy(r => r.Pending.BlockId))
        {
            var items = group.OrderBy(r => r.Span?.Start ?? int.MaxValue).ToList();
            for (var i = 0; i < items.Count; i++)
            {
                var hits = new List<Guid>();
                for (var j = 0; j < items.Count; j++)
                {
                    if (i != j && Collide(items[i], items[j]))
                    {
                        hits.Add(items[j].Pending.Id);
                    }
                }

                if (hits.Count > 0)
                {
                    result[items[i].Pending.Id] = hits;
                }
            }
        }

        return result;
    }
}
