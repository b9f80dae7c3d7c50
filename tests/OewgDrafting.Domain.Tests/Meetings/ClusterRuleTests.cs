using OewgDrafting.Domain;
using OewgDrafting.Domain.Meetings;

namespace OewgDrafting.Domain.Tests.Meetings;

/// <summary>The rules of clusters and their facilitators (docs/domain.md, "Facilitators and clusters").</summary>
public class ClusterRuleTests
{
    private static readonly Guid DocumentId = Guid.NewGuid();
    private static readonly DateTimeOffset Now = new(2026, 12, 8, 11, 0, 0, TimeSpan.Zero);

    // I (level 1) · 1 · A (level 2) · 2 · B (level 2) · 3 · II (level 1) · 4 · III (level 1) · 5
    private static readonly SectionHeading One = new(Guid.NewGuid(), 10, 1, "I", "General");
    private static readonly SectionHeading OneA = new(Guid.NewGuid(), 30, 2, "A", "Threats");
    private static readonly SectionHeading OneB = new(Guid.NewGuid(), 50, 2, "B", "Norms");
    private static readonly SectionHeading Two = new(Guid.NewGuid(), 70, 1, "II", "Capacity-building");
    private static readonly SectionHeading Three = new(Guid.NewGuid(), 90, 1, "III", "Regular dialogue");
    private static readonly SectionHeading[] Headings = [One, OneA, OneB, Two, Three];

    private static Cluster Cluster(string name, string facilitator, params SectionHeading[] sections)
    {
        var cluster = Domain.Meetings.Cluster.Create(Guid.NewGuid(), DocumentId);
        cluster.Set(name, sections.Select(s => s.Id).ToList(), [facilitator], "CHAIR", Now);
        return cluster;
    }

    [Fact]
    public void A_block_lies_in_the_cluster_holding_its_section_or_an_enclosing_one()
    {
        var two = Cluster("II", "MEX", Two);
        var oneA = Cluster("I.A", "SGP", OneA);
        Cluster[] clusters = [two, oneA];

        Assert.Same(two, ClusterRule.Holding(clusters, ClusterRule.Chain(Headings, 80)));
        // The heading itself lies in its own section: a section deadline on II is II's cluster's to set.
        Assert.Same(two, ClusterRule.Holding(clusters, ClusterRule.Chain(Headings, Two.Position)));
        Assert.Same(oneA, ClusterRule.Holding(clusters, ClusterRule.Chain(Headings, 40)));
        // Paragraph 2 lies in I.B, in I, but in no cluster; nor does III.
        Assert.Null(ClusterRule.Holding(clusters, ClusterRule.Chain(Headings, 60)));
        Assert.Null(ClusterRule.Holding(clusters, ClusterRule.Chain(Headings, 95)));
        Assert.Null(ClusterRule.Holding(clusters, ClusterRule.Chain(Headings, 5)));
    }

    [Fact]
    public void A_cluster_s_sections_come_back_in_text_order_and_changing_a_cluster_does_not_overlap_itself()
    {
        var two = Cluster("II", "MEX", Two);
        Assert.Equal([Two, Three], ClusterRule.Check(Guid.NewGuid(), "II and III", [Three.Id, Two.Id], Headings, [Cluster("I", "SGP", One)]));
        Assert.Equal([Two, Three], ClusterRule.Check(two.Id, "II", [Two.Id, Three.Id], Headings, [two]));
    }

    [Fact]
    public void A_cluster_overlapping_another_is_refused_naming_the_sections_and_the_other_cluster()
    {
        Cluster[] clusters = [Cluster("I.A", "SGP", OneA), Cluster("II", "MEX", Two)];

        var same = Assert.Throws<ConflictException>(() => ClusterRule.Check(Guid.NewGuid(), "New", [Two.Id], Headings, clusters));
        Assert.Contains("Section II is already in cluster \"II\"", same.Message);
        Assert.Equal(["clusterOverlap"], same.Reasons);

        var contains = Assert.Throws<ConflictException>(() => ClusterRule.Check(Guid.NewGuid(), "New", [One.Id], Headings, clusters));
        Assert.Contains("Section I contains section A, which is in cluster \"I.A\"", contains.Message);

        var within = Assert.Throws<ConflictException>(() =>
            ClusterRule.Check(Guid.NewGuid(), "New", [OneB.Id], Headings, [Cluster("I", "SGP", One)]));
        Assert.Contains("Section B lies within section I, which is in cluster \"I\"", within.Message);
    }

    [Fact]
    public void A_cluster_names_headings_of_the_document_once_and_a_name_not_taken()
    {
        var unknown = Assert.Throws<DomainValidationException>(() => ClusterRule.Check(Guid.NewGuid(), "X", [Guid.NewGuid()], Headings, []));
        Assert.Contains("is not a heading of this document", unknown.Errors["sections"][0]);

        var nested = Assert.Throws<DomainValidationException>(() => ClusterRule.Check(Guid.NewGuid(), "X", [One.Id, OneA.Id], Headings, []));
        Assert.Contains("Section A lies within section I, already in the cluster", nested.Errors["sections"][0]);

        var taken = Assert.Throws<ConflictException>(() => ClusterRule.Check(Guid.NewGuid(), "ii", [Three.Id], Headings, [Cluster("II", "MEX", Two)]));
        Assert.Equal(["clusterNameTaken"], taken.Reasons);
    }

    [Fact]
    public void A_cluster_is_changed_only_against_the_version_read_and_knows_its_facilitators_whatever_the_case()
    {
        var cluster = Cluster("II", "MEX", Two);
        Assert.True(cluster.IsFacilitatedBy("mex"));
        Assert.False(cluster.IsFacilitatedBy("SGP"));
        cluster.EnsureVersion(1);
        var stale = Assert.Throws<StaleVersionException>(() => cluster.EnsureVersion(0));
        Assert.Equal(1, stale.Actual);
    }
}
