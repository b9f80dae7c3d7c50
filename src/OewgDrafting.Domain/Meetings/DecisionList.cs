using OewgDrafting.Domain.Amendments;

namespace OewgDrafting.Domain.Meetings;

/// <summary>A paragraph as the decision list orders it.</summary>
public sealed record DecisionParagraph(Guid Id, string? Label, string Text, int Version);

/// <summary>
/// One item the chair takes: one amendment, or several that make the same change (the first by number leads, every
/// proposer is named). A sub-amendment is an item of its own, right after its parent's.
/// </summary>
public sealed record DecisionItem(int Number, DecisionParagraph Paragraph, IReadOnlyList<Amendment> Amendments, int? SubAmendmentOf)
{
    public Amendment Lead => Amendments[0];

    /// <summary>The items this one excludes: the chair takes them in the list's order (<see cref="ChairOrder"/>).</summary>
    public IReadOnlyList<int> CollidesWith { get; init; } = [];

    /// <summary>True when the chair set the order among the items this one collides with; else the furthest from the text comes first.</summary>
    public bool ChairOrder { get; init; }
}

/// <summary>
/// The order in which the chair takes the pending amendments, as assemblies marshal them: paragraphs in text order;
/// within a paragraph, amendments to the whole paragraph first, then in-text ones by where they apply, then new
/// paragraphs after it; sub-amendments right after their parent; amendments making the same change as one item.
/// Amendments that collide (target overlapping words) are taken in the chair's own order where the chair set one
/// (its ranked items first, by rank), else the one furthest from the text first: a whole paragraph before words, then
/// the one that changes more words, then by number.
/// </summary>
public static class DecisionList
{
    public static IReadOnlyList<DecisionItem> Build(IEnumerable<DecisionParagraph> paragraphs, IReadOnlyCollection<Amendment> pending,
        IReadOnlyDictionary<Guid, int>? chairOrder = null)
    {
        chairOrder ??= new Dictionary<Guid, int>();
        var ranked = new HashSet<List<ResolvedChange>>(ReferenceEqualityComparer.Instance);
        var roots = pending.Where(a => a.ParentId is null && a.IsPending).ToLookup(a => a.BlockId);
        var subs = pending.Where(a => a.ParentId is not null && a.IsPending).ToLookup(a => a.ParentId!.Value);
        var groups = new List<(DecisionParagraph Paragraph, List<ResolvedChange> Group, Guid? Parent)>();
        var collisions = new List<(List<ResolvedChange> A, List<ResolvedChange> B)>();

        foreach (var paragraph in paragraphs)
        {
            var inText = Order(Identical(roots[paragraph.Id].Where(a => a.Kind != AmendmentKind.AddParagraph)
                .Select(a => Collisions.Resolve(paragraph.Text, paragraph.Version, Pending(a)))), collisions, chairOrder, ranked);
            var added = Identical(roots[paragraph.Id].Where(a => a.Kind == AmendmentKind.AddParagraph)
                .Select(a => new ResolvedChange(Pending(a), null, null))).OrderBy(g => g[0].Pending.Number);
            foreach (var group in inText.Concat(added))
            {
                groups.Add((paragraph, group, null));
                var parents = group.Select(g => g.Pending.Id).ToHashSet();
                var parent = pending.First(a => a.Id == group[0].Pending.Id);
                var children = parents.SelectMany(id => subs[id]).ToList();
                var text = parent.Text ?? string.Empty;
                foreach (var sub in Order(Identical(children.Select(s => Collisions.Resolve(text, parent.Version, Pending(s)))), collisions, chairOrder, ranked))
                {
                    groups.Add((paragraph, sub, parent.Id));
                }
            }
        }

        var numbers = new Dictionary<List<ResolvedChange>, int>(ReferenceEqualityComparer.Instance);
        var byId = pending.ToDictionary(a => a.Id);
        var items = new List<DecisionItem>();
        foreach (var (paragraph, group, parent) in groups)
        {
            numbers[group] = items.Count + 1;
            var parentItem = parent is { } p ? items.Last(i => i.SubAmendmentOf is null && i.Amendments.Any(a => a.Id == p)).Number : (int?)null;
            items.Add(new DecisionItem(items.Count + 1, paragraph, group.Select(g => byId[g.Pending.Id]).ToList(), parentItem));
        }

        return items.Select(item => item with
        {
            CollidesWith = collisions
                .Where(c => numbers.TryGetValue(c.A, out var a) && numbers.TryGetValue(c.B, out var b) && (a == item.Number || b == item.Number))
                .Select(c => numbers[c.A] == item.Number ? numbers[c.B] : numbers[c.A]).Distinct().Order().ToList(),
            ChairOrder = groups.Any(g => numbers[g.Group] == item.Number && ranked.Contains(g.Group)),
        }).ToList();
    }

    private static PendingChange Pending(Amendment a) =>
        new(a.Id, a.Number, a.Change, a.BlockId, a.BaseVersion, a.BaseOccurrences, a.Proposer, a.Cosponsors, Stances.None);

    /// <summary>Amendments that make the same change at the same place, as groups (each in number order).</summary>
    private static List<List<ResolvedChange>> Identical(IEnumerable<ResolvedChange> resolved) =>
        resolved.GroupBy(r => (r.Pending.Change.Kind, r.Pending.Change.Quote, r.Pending.Change.Placement, r.Pending.Change.Text,
                Span: r.Span ?? new TextSpan(-1 - r.Pending.Number, 0)))
            .Select(g => g.OrderBy(r => r.Pending.Number).ToList())
            .ToList();

    /// <summary>Text order, with each cluster of colliding groups taken furthest from the text first; notes the collisions.</summary>
    private static List<List<ResolvedChange>> Order(List<List<ResolvedChange>> groups, List<(List<ResolvedChange>, List<ResolvedChange>)> collisions,
        IReadOnlyDictionary<Guid, int> chairOrder, HashSet<List<ResolvedChange>> ranked)
    {
        var inOrder = groups.OrderBy(g => g[0].IsWholeParagraph ? -1 : g[0].Span?.Start ?? int.MaxValue).ThenBy(g => g[0].Pending.Number).ToList();
        var cluster = new Dictionary<List<ResolvedChange>, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < inOrder.Count; i++)
        {
            cluster.TryAdd(inOrder[i], i);
            for (var j = i + 1; j < inOrder.Count; j++)
            {
                if (Collisions.Collide(inOrder[i][0], inOrder[j][0]))
                {
                    collisions.Add((inOrder[i], inOrder[j]));
                    var (keep, merge) = (cluster[inOrder[i]], cluster.GetValueOrDefault(inOrder[j], j));
                    foreach (var key in cluster.Where(c => c.Value == merge).Select(c => c.Key).ToList())
                    {
                        cluster[key] = keep;
                    }

                    cluster[inOrder[j]] = keep;
                }
            }
        }

        // A cluster stands where its first member stood; inside it, the chair's order when the chair ranked any of its
        // members (ranked first, by rank), else the furthest from the text first.
        int? Rank(List<ResolvedChange> g) => g.Select(r => chairOrder.TryGetValue(r.Pending.Id, out var rank) ? rank : (int?)null).Min();
        return inOrder.GroupBy(g => cluster[g]).OrderBy(c => c.Key)
            .SelectMany(c =>
            {
                var members = c.ToList();
                if (members.Count > 1 && members.Any(g => Rank(g) is not null))
                {
                    ranked.UnionWith(members);
                    return members.OrderBy(g => Rank(g) ?? int.MaxValue).ThenByDescending(g => Distance(g[0])).ThenBy(g => g[0].Pending.Number);
                }

                return members.OrderByDescending(g => Distance(g[0])).ThenBy(g => g[0].Pending.Number);
            })
            .ToList();
    }

    /// <summary>How far a change takes the text: a whole paragraph furthest, else the words it removes and adds.</summary>
    public static int Distance(ResolvedChange change)
    {
        var c = change.Pending.Change;
        return change.IsWholeParagraph ? int.MaxValue : Words(c.Kind == AmendmentKind.Insert ? null : c.Quote) + Words(c.Text);

        static int Words(string? text) => text is null ? 0 : text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
    }
}
