using OewgDrafting.Domain.Comments;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Languages;
using OewgDrafting.Domain.Rendering;

namespace OewgDrafting.Domain.Tests.Languages;

/// <summary>DOMAIN: language versions align to the original block by block; comments follow the words they quote.</summary>
public class LanguageAlignmentTests
{
    private static AlignedShape H(string? label, int level = 1) => new(BlockKind.Heading, level, label);
    private static AlignedShape P(string? label) => new(BlockKind.Paragraph, null, label);

    [Fact]
    public void Headings_align_by_order_level_and_numbering_and_their_words_may_differ_between_languages()
    {
        Assert.Empty(LanguageAlignment.Check([H("I."), P("1"), P("2"), H("Annex"), H(null, 2), P(null)], [H("I."), P("1"), P("2"), H("Anexo"), H(null, 2), P(null)]));
    }

    [Theory]
    [InlineData("II.", "paragraph", "heading II. stands where the original has heading I.")]
    [InlineData("I.", "missing-paragraph", "the version ends after 2 blocks; the original has 3")]
    [InlineData("I.", "renumbered", "paragraph 3 of the version stands where the original has paragraph 2")]
    public void A_version_that_departs_from_the_structure_is_reported_where_it_departs(string heading, string variant, string reason)
    {
        AlignedShape[] original = [H("I."), P("1"), P("2")];
        AlignedShape[] version = variant switch
        {
            "missing-paragraph" => [H(heading), P("1")],
            "renumbered" => [H(heading), P("1"), P("3")],
            _ => [H(heading), P("1"), P("2")],
        };
        var problem = Assert.Single(LanguageAlignment.Check(original, version));
        Assert.Equal(reason, problem.Reason);
    }

    [Fact]
    public void At_most_five_places_are_reported()
    {
        var original = Enumerable.Range(1, 20).Select(i => P(i.ToString())).ToList();
        var shifted = Enumerable.Range(2, 20).Select(i => P(i.ToString())).ToList();
        Assert.Equal(LanguageAlignment.MaxReported, LanguageAlignment.Check(original, shifted).Count);
    }

    [Fact]
    public void A_translation_is_current_until_the_original_block_moves_on_and_names_only_the_current_version()
    {
        var block = Block.Create(Guid.NewGuid(), Guid.NewGuid(), BlockKind.Paragraph, null, "1", "States cooperate.", 1000, BlockStatus.Open);
        var translation = TranslatedBlock.Create(block.DocumentId, "fr", block, null, "Les États coopèrent.", "SEC", DateTimeOffset.UnixEpoch, strict: true);
        Assert.Equal(TranslationState.Current, translation.StateAgainst(block));

        block.Revise("States shall cooperate.");
        Assert.Equal(TranslationState.Outdated, translation.StateAgainst(block));
        Assert.Throws<ConflictException>(() => translation.Update(block, null, "Les États doivent coopérer.", 1, 1, "SEC", DateTimeOffset.UnixEpoch));
        Assert.Throws<StaleVersionException>(() => translation.Update(block, null, "Les États doivent coopérer.", 2, 5, "SEC", DateTimeOffset.UnixEpoch));
        translation.Update(block, "ignored for a paragraph", "Les États doivent coopérer.", 2, 1, "SEC", DateTimeOffset.UnixEpoch);
        Assert.Equal((TranslationState.Current, 2, "1"), (translation.StateAgainst(block), translation.Version, translation.Label));
    }

    [Fact]
    public void Html_of_a_right_to_left_language_sets_dir_and_marks_outdated_and_missing_blocks()
    {
        var id = Guid.NewGuid();
        var text = new TextDocument("A/1", "تقرير", "ar", [],
        [
            new TextBlock(id, BlockKind.Paragraph, null, "1", "نص.") { Translation = new TranslationMark(TranslationState.Outdated, null) },
            new TextBlock(Guid.NewGuid(), BlockKind.Paragraph, null, "2", "Text <b>.") { Translation = new TranslationMark(TranslationState.Missing, "en") },
        ]);
        var html = CleanTextRenderer.ToHtml(text);
        Assert.Contains("<html lang=\"ar\" dir=\"rtl\">", html);
        Assert.Contains("data-translation=\"outdated\"><span class=\"label\">1.</span> <span class=\"translation-state outdated\">‹outdated›</span> نص.", html);
        Assert.Contains("data-translation=\"missing\" lang=\"en\" dir=\"ltr\">", html);
        Assert.Contains("Text &lt;b&gt;.", html);
        Assert.EndsWith("1. ‹outdated› نص.\n\n2. ‹missing› Text <b>.\n", CleanTextRenderer.ToMarkdown(text));
        Assert.False(TextDirection.IsRightToLeft("fr"));
        Assert.True(TextDirection.IsRightToLeft("ar-EG"));
    }
}

public class CommentRulesTests
{
    private static Block Paragraph(string text) =>
        Block.Create(Guid.NewGuid(), Guid.NewGuid(), BlockKind.Paragraph, null, "1", text, 1000, BlockStatus.Open);

    [Fact]
    public void A_comment_stays_on_its_words_re_anchors_when_they_move_and_detaches_when_they_are_gone()
    {
        var block = Paragraph("States shall take the relevant measures.");
        var comment = Comment.Start(Guid.NewGuid(), 2, block, "ESP", CommentVisibility.Participants, "Which?", "relevant", null, DateTimeOffset.UnixEpoch);
        Assert.Equal(new CommentAnchor(CommentAnchorState.Attached, 22, 8), comment.LocateIn(block));

        block.Revise("All States shall take the relevant measures.");
        Assert.Equal(new CommentAnchor(CommentAnchorState.Reanchored, 26, 8), comment.LocateIn(block));

        block.Revise("All States shall take the relevant and the relevant measures.");
        Assert.Equal(CommentAnchorState.Detached, comment.LocateIn(block).State);

        block.Revise("All States shall act.");
        Assert.Equal(new CommentAnchor(CommentAnchorState.Detached, null, null), comment.LocateIn(block));
    }

    [Fact]
    public void Only_its_author_edits_or_deletes_a_comment_and_only_before_a_reply()
    {
        var block = Paragraph("Text.");
        var comment = Comment.Start(Guid.NewGuid(), 2, block, "ESP", CommentVisibility.Chair, "Mine.", null, null, DateTimeOffset.UnixEpoch);
        Assert.Throws<ForbiddenException>(() => comment.Edit("FRA", "Theirs.", 1, hasReplies: false, DateTimeOffset.UnixEpoch));
        Assert.Throws<ConflictException>(() => comment.Edit("ESP", "Later.", 1, hasReplies: true, DateTimeOffset.UnixEpoch));
        Assert.Throws<ConflictException>(() => comment.EnsureDeletable("ESP", hasReplies: true));
        comment.Edit("esp", "Edited.", 1, hasReplies: false, DateTimeOffset.UnixEpoch);
        Assert.Equal(("Edited.", 2), (comment.Text, comment.Version));
    }

    [Fact]
    public void A_chair_only_thread_is_read_by_the_chair_and_its_author_and_replies_take_its_visibility()
    {
        var block = Paragraph("Text.");
        var thread = Comment.Start(Guid.NewGuid(), 2, block, "ESP", CommentVisibility.Chair, "For the chair.", null, null, DateTimeOffset.UnixEpoch);
        var reply = Comment.Reply(Guid.NewGuid(), 3, thread, thread, "CHAIR", "Answer.", DateTimeOffset.UnixEpoch);
        Assert.Equal((CommentVisibility.Chair, "ESP", 1), (reply.Visibility, reply.ThreadAuthor, reply.Depth));
        Assert.True(reply.VisibleTo("ESP", isChair: false));
        Assert.True(thread.VisibleTo("CHAIR", isChair: true));
        Assert.False(reply.VisibleTo("FRA", isChair: false));
        Assert.False(thread.VisibleTo("FRA", isChair: false));
    }

    [Fact]
    public void Threads_have_a_depth_limit_and_resolved_threads_take_no_replies()
    {
        var block = Paragraph("Text.");
        var thread = Comment.Start(Guid.NewGuid(), 2, block, "ESP", CommentVisibility.Participants, "Root.", null, null, DateTimeOffset.UnixEpoch);
        var parent = thread;
        for (var depth = 1; depth <= Comment.MaxDepth; depth++)
        {
            parent = Comment.Reply(Guid.NewGuid(), 2 + depth, parent, thread, "FRA", "Reply.", DateTimeOffset.UnixEpoch);
        }

        Assert.Throws<DomainValidationException>(() => Comment.Reply(Guid.NewGuid(), 99, parent, thread, "FRA", "Too deep.", DateTimeOffset.UnixEpoch));
        thread.Resolve(DateTimeOffset.UnixEpoch);
        Assert.Throws<ConflictException>(() => Comment.Reply(Guid.NewGuid(), 100, thread, thread, "FRA", "Late.", DateTimeOffset.UnixEpoch));
        Assert.Throws<ConflictException>(() => parent.Resolve(DateTimeOffset.UnixEpoch));
        thread.Reopen(DateTimeOffset.UnixEpoch);
        Assert.Equal(CommentStatus.Open, thread.Status);
    }
}
