using OewgDrafting.Domain.Amendments;

namespace OewgDrafting.Domain.Tests.Amendments;

public class AmendmentTextTests
{
    private const string Paragraph = "States shall cooperate in good faith and shall report annually.";

    private static string Accept(string text, TextChange change) => AmendmentText.Apply(text, AmendmentText.Locate(text, change), change, bracketed: false);

    private static string Bracket(string text, TextChange change) => AmendmentText.Apply(text, AmendmentText.Locate(text, change), change, bracketed: true);

    [Theory]
    [InlineData(AmendmentKind.Replace, "cooperate", null, "work together", null, "States shall work together in good faith and shall report annually.")]
    [InlineData(AmendmentKind.Delete, " in good faith", null, null, null, "States shall cooperate and shall report annually.")]
    [InlineData(AmendmentKind.Insert, "States", Placement.After, " and non-State actors", null, "States and non-State actors shall cooperate in good faith and shall report annually.")]
    [InlineData(AmendmentKind.Insert, "annually", Placement.Before, "bi", null, "States shall cooperate in good faith and shall report biannually.")]
    [InlineData(AmendmentKind.Replace, "shall", null, "should", 2, "States shall cooperate in good faith and should report annually.")]
    public void Accepting_changes_exactly_the_targeted_span(AmendmentKind kind, string quote, Placement? placement, string? text, int? occurrence, string expected)
    {
        Assert.Equal(expected, Accept(Paragraph, new TextChange(kind, quote, placement, text, occurrence)));
    }

    [Theory]
    [InlineData(AmendmentKind.Replace, "shall", null, "should", 1, "States [shall / should] cooperate in good faith and shall report annually.")]
    [InlineData(AmendmentKind.Insert, "States", Placement.After, " and non-State actors", null, "States [and non-State actors] shall cooperate in good faith and shall report annually.")]
    [InlineData(AmendmentKind.Delete, " in good faith", null, null, null, "States shall cooperate [in good faith] and shall report annually.")]
    public void Bracketing_replace_gives_alternatives_insert_and_delete_give_bracketed_text(AmendmentKind kind, string quote, Placement? placement, string? text, int? occurrence, string expected)
    {
        Assert.Equal(expected, Bracket(Paragraph, new TextChange(kind, quote, placement, text, occurrence)));
    }

    [Fact]
    public void Whole_paragraph_changes_replace_delete_or_bracket_the_paragraph()
    {
        Assert.Equal("New text.", AmendmentText.ApplyToParagraph(Paragraph, new TextChange(AmendmentKind.ReplaceParagraph, null, null, "New text.", null), false));
        Assert.Equal($"[{Paragraph} / New text.]", AmendmentText.ApplyToParagraph(Paragraph, new TextChange(AmendmentKind.ReplaceParagraph, null, null, "New text.", null), true));
        Assert.Null(AmendmentText.ApplyToParagraph(Paragraph, new TextChange(AmendmentKind.DeleteParagraph, null, null, null, null), false));
        Assert.Equal($"[{Paragraph}]", AmendmentText.ApplyToParagraph(Paragraph, new TextChange(AmendmentKind.DeleteParagraph, null, null, null, null), true));
        Assert.Equal("[Added.]", AmendmentText.ApplyToParagraph("", new TextChange(AmendmentKind.AddParagraph, null, null, "Added.", null), true));
    }

    [Fact]
    public void A_quote_that_occurs_more_than_once_needs_an_occurrence()
    {
        var error = Assert.Throws<AnchorException>(() => AmendmentText.Locate(Paragraph, new TextChange(AmendmentKind.Delete, "shall", null, null, null)));
        Assert.Equal(AnchorProblem.Ambiguous, error.Problem);
        Assert.Equal(2, error.Occurrences);
        Assert.Contains("occurs 2 times", error.Message, StringComparison.Ordinal);

        Assert.Equal(AnchorProblem.OccurrenceOutOfRange,
            Assert.Throws<AnchorException>(() => AmendmentText.Locate(Paragraph, new TextChange(AmendmentKind.Delete, "shall", null, null, 3))).Problem);
        Assert.Equal(AnchorProblem.NotFound,
            Assert.Throws<AnchorException>(() => AmendmentText.Locate(Paragraph, new TextChange(AmendmentKind.Delete, "must", null, null, null))).Problem);
    }

    [Fact]
    public void A_stale_amendment_re_anchors_when_its_quote_is_found_once_in_the_current_text()
    {
        var change = new TextChange(AmendmentKind.Replace, "report annually", null, "report every two years", null);
        var current = "Member States shall cooperate fully and shall report annually.";

        var span = AmendmentText.Reanchor(current, change, occurrencesAtBase: 1);

        Assert.Equal("Member States shall cooperate fully and shall report every two years.", AmendmentText.Apply(current, span, change, false));
    }

    [Fact]
    public void A_stale_amendment_whose_quote_is_gone_or_now_ambiguous_is_a_conflict_never_a_wrong_change()
    {
        var change = new TextChange(AmendmentKind.Delete, "in good faith", null, null, null);

        Assert.Equal(AnchorProblem.NotFound, Assert.Throws<AnchorException>(() => AmendmentText.Reanchor("States shall cooperate.", change, 1)).Problem);
        Assert.Equal(AnchorProblem.Ambiguous, Assert.Throws<AnchorException>(() =>
            AmendmentText.Reanchor("in good faith, States act in good faith.", change, 1)).Problem);
        // A quote that was there twice and now three times: occurrence 2 may name other words.
        var second = new TextChange(AmendmentKind.Replace, "shall", null, "should", 2);
        Assert.Throws<AnchorException>(() => AmendmentText.Reanchor("States shall, shall and shall.", second, 2));
        Assert.Equal(new TextSpan(22, 5), AmendmentText.Reanchor("Now, States shall and shall.", second, 2));
    }

    [Fact]
    public void A_change_that_would_unbalance_brackets_is_refused()
    {
        var text = "States [shall / should] act.";
        var change = new TextChange(AmendmentKind.Delete, "[shall", null, null, null);
        var result = Accept(text, change);

        Assert.Throws<DomainValidationException>(() => AmendmentText.EnsureWellFormed(result, "quote"));
    }
}
