using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Text;

namespace OewgDrafting.Domain.Tests.Documents;

public class BlockTests
{
    private static Block Paragraph(string text = "States [shall / should] act.") =>
        Block.Create(Guid.NewGuid(), Guid.NewGuid(), BlockKind.Paragraph, null, "1", text, 0, BlockStatus.Draft);

    [Fact]
    public void A_new_block_counts_its_open_brackets_and_starts_at_version_1()
    {
        var block = Paragraph("[a] [b [c]]");

        Assert.Equal(3, block.OpenBrackets);
        Assert.Equal(1, block.Version);
    }

    [Fact]
    public void Writing_unbalanced_brackets_is_refused_with_the_position()
    {
        var error = Assert.Throws<BracketSyntaxException>(() => Paragraph("States [shall act."));
        Assert.Equal(7, error.Position);
    }

    [Fact]
    public void Editing_against_a_stale_version_is_refused_and_changes_nothing()
    {
        var block = Paragraph();
        block.Edit("States shall act.", null, changeLabel: false, expectedVersion: 1);

        var error = Assert.Throws<StaleVersionException>(() => block.Edit("Lost update.", null, false, expectedVersion: 1));

        Assert.Equal(2, error.Actual);
        Assert.Equal("States shall act.", block.Text);
        Assert.Equal(0, block.OpenBrackets);
        Assert.Equal(2, block.Version);
    }

    [Theory]
    [InlineData("two\nlines")]
    [InlineData(" padded")]
    [InlineData("")]
    public void A_paragraph_is_one_trimmed_non_empty_line(string text)
    {
        Assert.Throws<DomainValidationException>(() => Paragraph(text));
    }

    [Fact]
    public void A_paragraph_label_must_be_a_number_with_an_optional_latin_ordinal()
    {
        var error = Assert.Throws<DomainValidationException>(() =>
            Block.Create(Guid.NewGuid(), Guid.NewGuid(), BlockKind.Paragraph, null, "5bis", "Text.", 0, BlockStatus.Draft));
        Assert.True(error.Errors.ContainsKey("label"));
    }
}
