using OewgDrafting.Domain.Amendments;
using OewgDrafting.Domain.Meetings;

namespace OewgDrafting.Domain.Tests.Meetings;

/// <summary>The order in which the chair takes amendments (docs/domain.md, "The decision list").</summary>
public class DecisionListTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 8, 10, 0, 0, TimeSpan.Zero);
    private static readonly DecisionParagraph P1 = new(Guid.NewGuid(), "1", "States should cooperate on security.", 1);
    private static readonly DecisionParagraph P2 = new(Guid.NewGuid(), "2", "States should report annually.", 1);

    private static Amendment Amend(int number, DecisionParagraph paragraph, TextChange change, string proposer)
    {
        var span = change.IsWithinParagraph ? AmendmentText.Locate(paragraph.Text, change) : new TextSpan(0, paragraph.Text.Length);
        return Amendment.Propose(Guid.NewGuid(), Guid.NewGuid(), number, change, paragraph.Id, 1, 1, span, "", proposer, proposer, [], Now);
    }

    [Fact]
    public void Six_amendments_are_taken_in_text_order_colliding_ones_furthest_first_a_sub_amendment_after_its_parent_and_identical_ones_as_one()
    {
        var a1 = Amend(1, P2, new TextChange(AmendmentKind.Replace, "annually", null, "every two years", null), "ESP");
        var a2 = Amend(2, P1, new TextChange(AmendmentKind.Replace, "cooperate", null, "cooperate closely", null), "FRA");
        var a3 = Amend(3, P1, new TextChange(AmendmentKind.Replace, "cooperate on security", null, "work together", null), "MEX");
        var a4 = Amend(4, P2, new TextChange(AmendmentKind.Insert, "report", Placement.Before, "publicly ", null), "BRA");
        var a5 = Amend(5, P2, new TextChange(AmendmentKind.Insert, "report", Placement.Before, "publicly ", null), "CHL");
        var a6 = Amendment.ProposeSub(Guid.NewGuid(), a2, 6, new TextChange(AmendmentKind.Replace, "closely", null, "fully", null), "", "PER", "PER", [], Now);

        var items = DecisionList.Build([P1, P2], [a1, a2, a3, a4, a5, a6]);

        Assert.Equal(["A3", "A2", "A6", "A4+A5", "A1"], items.Select(i => string.Join("+", i.Amendments.Select(a => $"A{a.Number}"))));
        Assert.Equal([1, 2, 3, 4, 5], items.Select(i => i.Number));
        Assert.Equal([null, null, 2, null, null], items.Select(i => i.SubAmendmentOf));
        Assert.Equal(["BRA", "CHL"], items[3].Amendments.Select(a => a.Proposer));
        Assert.Equal([2], items[0].CollidesWith);
        Assert.Equal([1], items[1].CollidesWith);
        Assert.All(items.Skip(2), i => Assert.Empty(i.CollidesWith));
        Assert.Equal([P1.Id, P1.Id, P1.Id, P2.Id, P2.Id], items.Select(i => i.Paragraph.Id));
    }

    [Fact]
    public void A_whole_paragraph_amendment_comes_before_the_words_and_new_paragraphs_after_them()
    {
        var words = Amend(1, P1, new TextChange(AmendmentKind.Delete, "on security", null, null, null), "ESP");
        var whole = Amend(2, P1, new TextChange(AmendmentKind.ReplaceParagraph, null, null, "All new.", null), "FRA");
        var added = Amendment.Propose(Guid.NewGuid(), Guid.NewGuid(), 3, new TextChange(AmendmentKind.AddParagraph, null, null, "A new one.", null),
            P1.Id, 1, 0, default, "", "MEX", "MEX", [], Now);
        var items = DecisionList.Build([P1], [added, words, whole]);
        Assert.Equal([2, 1, 3], items.Select(i => i.Lead.Number));
        Assert.Equal([1], items[1].CollidesWith);
    }

    [Fact]
    public void Only_the_paragraphs_asked_for_and_pending_amendments_are_listed()
    {
        var a1 = Amend(1, P1, new TextChange(AmendmentKind.Delete, "on security", null, null, null), "ESP");
        var a2 = Amend(2, P2, new TextChange(AmendmentKind.Delete, "annually", null, null, null), "FRA");
        var a3 = Amend(3, P2, new TextChange(AmendmentKind.Delete, "States ", null, null, null), "MEX");
        a3.Withdraw("MEX", actsForProposer: true, Now);
        Assert.Equal([2], DecisionList.Build([P2], [a1, a2, a3]).Select(i => i.Lead.Number));
    }

    [Fact]
    public void The_chair_s_own_order_among_colliding_amendments_overrides_the_distance_rule()
    {
        var near = Amend(1, P1, new TextChange(AmendmentKind.Replace, "cooperate", null, "work", null), "ESP");
        var far = Amend(2, P1, new TextChange(AmendmentKind.Replace, "cooperate on security", null, "work together on every aspect of security", null), "FRA");
        Assert.Equal([2, 1], DecisionList.Build([P1], [near, far]).Select(i => i.Lead.Number));

        var items = DecisionList.Build([P1], [near, far], new Dictionary<Guid, int> { [near.Id] = 1 });
        Assert.Equal([1, 2], items.Select(i => i.Lead.Number));
        Assert.All(items, i => Assert.True(i.ChairOrder));
    }
}
