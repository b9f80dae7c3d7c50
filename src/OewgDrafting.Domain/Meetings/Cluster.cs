namespace OewgDrafting.Domain.Meetings;

/// <summary>
/// A group of sections that one or two facilitator delegations run for the chair: inside it they open and agree
/// paragraphs, set deadlines, enter oral amendments, publish proposed handling and decide amendments.
/// </summary>
public sealed class Cluster
{
    public const int MaxNameLength = 60;
    public const int MaxFacilitators = 2;
    public const int MaxSections = 100;

    private Cluster()
    {
        Name = SetBy = string.Empty;
        Sections = [];
        Facilitators = [];
    }

    public Guid Id { get; private set; }
    public Guid DocumentId { get; private set; }

    /// <summary>How the room calls it: "II", "Cluster 2: capacity-building".</summary>
    public string Name { get; private set; }

    /// <summary>The headings that open its sections (each section runs to the next heading of the same or a higher level).</summary>
    public IReadOnlyList<Guid> Sections { get; private set; }

    /// <summary>The delegation codes of its facilitators, one or two.</summary>
    public IReadOnlyList<string> Facilitators { get; private set; }

    public string SetBy { get; private set; }
    public DateTimeOffset SetAt { get; private set; }
    public int Version { get; private set; }

    public static Cluster Create(Guid id, Guid documentId) => new() { Id = id, DocumentId = documentId };

    /// <summary>Names the cluster, its sections and its facilitators (already checked by <see cref="ClusterRule.Check"/>).</summary>
    public void Set(string name, IReadOnlyList<Guid> sections, IReadOnlyList<string> facilitators, string actor, DateTimeOffset now)
    {
        Name = name;
        Sections = sections.ToList();
        Facilitators = facilitators.ToList();
        SetBy = actor;
        SetAt = now;
        Version++;
    }

    public void EnsureVersion(int? expected)
    {
        if (expected is { } version && version != Version)
        {
            throw new StaleVersionException($"Cluster \"{Name}\"", version, Version);
        }
    }

    public bool IsFacilitatedBy(string delegation) => Facilitators.Contains(delegation, StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// The rules of clusters: a cluster names one to <see cref="Cluster.MaxFacilitators"/> facilitators and at least one
/// section; no paragraph lies in two clusters (a section may not be, contain or lie within a section of another
/// cluster, nor of its own); and a block belongs to the cluster holding its innermost enclosing section that any
/// cluster holds.
/// </summary>
public static class ClusterRule
{
    /// <summary>The headings a block at <paramref name="position"/> lies under, itself first when it is a heading, innermost first.</summary>
    public static IReadOnlyList<SectionHeading> Chain(IEnumerable<SectionHeading> headings, long position) =>
        TablingRule.Enclosing(headings, position, after: true);

    /// <summary>The cluster a block lies in, given the sections it lies under (<see cref="Chain"/>); null when none holds it.</summary>
    public static Cluster? Holding(IEnumerable<Cluster> clusters, IReadOnlyList<SectionHeading> chain)
    {
        var all = clusters.ToList();
        foreach (var heading in chain)
        {
            if (all.FirstOrDefault(c => c.Sections.Contains(heading.Id)) is { } cluster)
            {
                return cluster;
            }
        }

        return null;
    }

    /// <summary>
    /// Checks a cluster about to be set (<paramref name="id"/> is its own, to leave it out of the others) against the
    /// document's headings and its other clusters: field errors for what is malformed, a conflict for an overlap or a
    /// name already taken. Returns the sections in text order.
    /// </summary>
    public static IReadOnlyList<SectionHeading> Check(Guid id, string name, IReadOnlyList<Guid> sections, IReadOnlyList<SectionHeading> headings,
        IEnumerable<Cluster> clusters)
    {
        var byId = headings.ToDictionary(h => h.Id);
        var unknown = sections.Where(s => !byId.ContainsKey(s)).ToList();
        if (unknown.Count > 0)
        {
            throw new DomainValidationException("sections",
                $"Block '{unknown[0]}' is not a heading of this document: a section is named by the heading that opens it.");
        }

        var chosen = sections.Distinct().Select(s => byId[s]).OrderBy(h => h.Position).ToList();
        foreach (var section in chosen)
        {
            if (Chain(headings, section.Position).Skip(1).FirstOrDefault(h => chosen.Contains(h)) is { } outer)
            {
                throw new DomainValidationException("sections", $"{Capital(section.Name)} lies within {outer.Name}, already in the cluster: name the outer section only.");
            }
        }

        var others = clusters.Where(c => c.Id != id).ToList();
        if (others.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)) is { } namesake)
        {
            throw new ConflictException($"This document already has a cluster named \"{namesake.Name}\".", ["clusterNameTaken"]);
        }

        foreach (var other in others)
        {
            foreach (var theirs in other.Sections.Where(byId.ContainsKey).Select(s => byId[s]))
            {
                foreach (var ours in chosen)
                {
                    var overlap = ours.Id == theirs.Id ? $"{Capital(ours.Name)} is already in cluster \"{other.Name}\""
                        : Chain(headings, ours.Position).Any(h => h.Id == theirs.Id) ? $"{Capital(ours.Name)} lies within {theirs.Name}, which is in cluster \"{other.Name}\""
                        : Chain(headings, theirs.Position).Any(h => h.Id == ours.Id) ? $"{Capital(ours.Name)} contains {theirs.Name}, which is in cluster \"{other.Name}\""
                        : null;
                    if (overlap is not null)
                    {
                        throw new ConflictException($"{overlap}: a paragraph belongs to one cluster at most. Change or remove that cluster first.", ["clusterOverlap"]);
                    }
                }
            }
        }

        return chosen;
    }

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
