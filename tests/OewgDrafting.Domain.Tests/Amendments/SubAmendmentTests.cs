using OewgDrafting.Domain;
using OewgDrafting.Domain.Amendments;

namespace OewgDrafting.Domain.Tests.Amendments;

/// <summary>Sub-amendments (docs/domain.md, "Sub-amendments"): amendments to the words a pending amendment proposes.</summary>
public class SubAmendmentTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 8, 10, 0, 0, TimeSpan.Zero);
    private const string Paragraph = "States should cooperate on security.";

    /// <summary>A4: replace "cooperate" with "cooperate closely and in good faith".</summary>
    private static Amendment Parent() => Amendment.Propose(Guid.NewGuid(), Guid.NewGuid(), 4,
        new TextChange(AmendmentKind.Replace, "cooperate", null, "cooperate closely and in good faith", null), Guid.NewGuid(), 1, 1,
        new TextSpan(14, 9), "", "ESP", "ESP", [], Now);

    private static Amendment Sub(Amendment parent, TextChange change, int number = 7, string proposer = "MEX") =>
        Amendment.ProposeSub(Guid.NewGuid(), parent, number, change, "", proposer, proposer, [], Now);

    [Fact]
    public void A_sub_amendment_accepted_changes_its_parent_s_words_and_the_parent_then_puts_them_into_the_paragraph()
    {
        var a4 = Parent();
        var sub = Sub(a4, new TextChange(AmendmentKind.Replace, "closely", null, "fully", null));
        Assert.Equal((a4.Id, a4.BlockId, a4.Version), (sub.ParentId!.Value, sub.BlockId, sub.BaseVersion));

        a4.TakeSubAmendment(sub, bracketed: false, "CHAIR", Now);
        Assert.Equal(AmendmentStatus.Accepted, sub.Status);
        Assert.Equal("cooperate fully and in good faith", a4.Text);
        Assert.True(a4.IsPending);
        Assert.Contains(a4.History, h => h.Action == "subAmended" && h.Note!.Contains("A7 of MEX", StringComparison.Ordinal));

        var span = AmendmentText.Locate(Paragraph, a4.Change);
        Assert.Equal("States should cooperate fully and in good faith on security.", AmendmentText.Apply(Paragraph, span, a4.Change, bracketed: false));
    }

    [Fact]
    public void A_bracketed_sub_amendment_leaves_both_wordings_in_brackets_in_its_parent()
    {
        var a4 = Parent();
        a4.TakeSubAmendment(Sub(a4, new TextChange(AmendmentKind.Replace, "closely", null, "fully", null)), bracketed: true, "CHAIR", Now);
        Assert.Equal("cooperate [closely / fully] and in good faith", a4.Text);
    }

    [Fact]
    public void Sub_amendments_written_together_follow_their_words_after_another_changed_the_parent_or_conflict_when_they_are_gone()
    {
        var a4 = Parent();
        var first = Sub(a4, new TextChange(AmendmentKind.Delete, "closely ", null, null, null));
        var second = Sub(a4, new TextChange(AmendmentKind.Insert, "good faith", Placement.After, " and transparency", null), number: 8, proposer: "BRA");
        var lost = Sub(a4, new TextChange(AmendmentKind.Replace, "closely", null, "fully", null), number: 9, proposer: "CHL");
        a4.TakeSubAmendment(first, bracketed: false, "CHAIR", Now);
        a4.TakeSubAmendment(second, bracketed: false, "CHAIR", Now);
        Assert.Equal("cooperate and in good faith and transparency", a4.Text);

        // The words A9 targeted were taken away by A7: a conflict, never other words.
        var refused = Assert.Throws<ConflictException>(() => a4.TakeSubAmendment(lost, bracketed: false, "CHAIR", Now));
        Assert.Equal(["anchorConflict"], refused.Reasons);
        Assert.True(lost.IsPending);
        Assert.Equal("cooperate and in good faith and transparency", a4.Text);
    }

    [Fact]
    public void A_sub_amendment_is_not_amended_in_turn()
    {
        var a4 = Parent();
        var sub = Sub(a4, new TextChange(AmendmentKind.Replace, "closely", null, "fully", null));
        var refused = Assert.Throws<ConflictException>(() => Sub(sub, new TextChange(AmendmentKind.Replace, "fully", null, "wholly", null), 8));
        Assert.Equal(["subAmendmentDepth"], refused.Reasons);
    }

    [Fact]
    public void A_quote_that_is_not_in_the_parent_s_words_is_refused_naming_the_parent()
    {
        var refused = Assert.Throws<DomainValidationException>(() => Sub(Parent(), new TextChange(AmendmentKind.Replace, "security", null, "safety", null)));
        Assert.Contains("A4's proposed text", refused.Errors["quote"][0], StringComparison.Ordinal);
        Assert.Throws<DomainValidationException>(() => Sub(Parent(), new TextChange(AmendmentKind.ReplaceParagraph, null, null, "All new.", null)));
    }

    [Fact]
    public void An_amendment_that_proposes_no_words_or_is_no_longer_pending_cannot_be_sub_amended()
    {
        var deletion = Amendment.Propose(Guid.NewGuid(), Guid.NewGuid(), 5, new TextChange(AmendmentKind.Delete, "on security", null, null, null),
            Guid.NewGuid(), 1, 1, new TextSpan(24, 11), "", "FRA", "FRA", [], Now);
        Assert.Equal(["nothingToAmend"], Assert.Throws<ConflictException>(() => Sub(deletion, new TextChange(AmendmentKind.Delete, "x", null, null, null))).Reasons);

        var withdrawn = Parent();
        withdrawn.Withdraw("ESP", actsForProposer: true, Now);
        Assert.Equal(["amendmentNotPending"],
            Assert.Throws<ConflictException>(() => Sub(withdrawn, new TextChange(AmendmentKind.Replace, "closely", null, "fully", null))).Reasons);
    }

    [Fact]
    public void A_parent_is_accepted_only_once_its_sub_amendments_are_decided_and_a_sub_amendment_of_a_fallen_parent_lapses()
    {
        var a4 = Parent();
        var sub = Sub(a4, new TextChange(AmendmentKind.Replace, "closely", null, "fully", null));
        var refused = Assert.Throws<ConflictException>(() => a4.EnsureSubAmendmentsDecided([sub]));
        Assert.Equal(["subAmendmentsPending"], refused.Reasons);
        Assert.Contains("A7 (MEX)", refused.Message, StringComparison.Ordinal);
        a4.EnsureSubAmendmentsDecided([]);

        sub.Lapse("ESP", Now, "A4 was withdrawn.");
        Assert.Equal(AmendmentStatus.Lapsed, sub.Status);
        Assert.Equal("A4 was withdrawn.", sub.Reason);
        Assert.Throws<ConflictException>(() => sub.Lapse("ESP", Now, "again"));
    }
}
