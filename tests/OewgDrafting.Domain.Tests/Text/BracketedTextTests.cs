using OewgDrafting.Domain.Text;

namespace OewgDrafting.Domain.Tests.Text;

public class BracketedTextTests
{
    [Theory]
    // The seed's reference links are not brackets.
    [InlineData("En su resolución [75/240](#), la Asamblea General decidió", 0, 1)]
    [InlineData("figuran en los documentos [A/AC.292/2024/INF/7](#), [A/AC.292/2025/INF/2](#) y [A/AC.292/2025/INF/4](#), respectivamente.", 0, 3)]
    // Paris Agreement drafts: adjacent brackets.
    [InlineData("holding the increase [below 1.5 °C] [or] [well] [below 2 °C]", 4, 0)]
    // Rio+20: alternatives.
    [InlineData("[changing unsustainable / promoting sustainable] patterns", 1, 0)]
    // Nested brackets.
    [InlineData("[[Being guided by][In accordance with] the principles]", 3, 0)]
    // Slashes without spaces are ordinary text.
    [InlineData("States and/or groups", 0, 0)]
    [InlineData("el informe final (A/AC.292/2025/L.1)", 0, 0)]
    // Placeholders are brackets like any other.
    [InlineData("[por completar]", 1, 0)]
    [InlineData("[Placeholder for preamble]", 1, 0)]
    // Escapes.
    [InlineData(@"a literal \[ and \] and \/ here", 0, 0)]
    [InlineData("", 0, 0)]
    public void Real_passages_parse_with_the_expected_brackets_and_references(string text, int brackets, int references)
    {
        var parsed = BracketedText.Parse(text);

        Assert.Equal(brackets, parsed.BracketCount);
        Assert.Equal(brackets, parsed.Brackets.Count);
        Assert.Equal(references, CountReferences(parsed.Segments));
        Assert.Equal(text, BracketedText.Render(parsed));
    }

    [Fact]
    public void Alternatives_are_separated_by_a_slash_with_spaces_at_the_brackets_own_level()
    {
        var parsed = BracketedText.Parse("States [shall / should [, where appropriate / as needed,]] take and/or [note]");

        var outer = Assert.IsType<BracketSegment>(parsed.Segments[1]);
        Assert.Equal(2, outer.Alternatives.Count);
        Assert.Equal("shall", Render(outer.Alternatives[0]));
        Assert.Equal("should [, where appropriate / as needed,]", Render(outer.Alternatives[1]));
        var inner = Assert.IsType<BracketSegment>(outer.Alternatives[1].Segments[1]);
        Assert.Equal(1, inner.Index);
        Assert.Equal(1, inner.Depth);
        Assert.Equal(["where appropriate", "as needed,"], inner.Alternatives.Select(a => Render(a).TrimStart(',', ' ')));
        Assert.Equal(3, parsed.BracketCount);
        Assert.Equal(" take and/or ", ((TextSegment)parsed.Segments[2]).Value);
    }

    [Fact]
    public void Nested_brackets_are_indexed_in_order_of_their_opening_bracket()
    {
        var parsed = BracketedText.Parse("[[Being guided by][In accordance with] the principles]");

        Assert.Equal([0, 1, 2], parsed.Brackets.Select(b => b.Index));
        Assert.Equal([0, 1, 18], parsed.Brackets.Select(b => b.Start));
        Assert.Equal([0, 1, 1], parsed.Brackets.Select(b => b.Depth));
    }

    [Fact]
    public void Escaped_brackets_and_slashes_are_text_and_keep_their_escapes_when_rendered()
    {
        var source = @"[keep \[this\] / or \/ that] and \[not a bracket\]";
        var parsed = BracketedText.Parse(source);

        Assert.Equal(1, parsed.BracketCount);
        var bracket = Assert.IsType<BracketSegment>(parsed.Segments[0]);
        Assert.Equal(@"keep [this]", ((TextSegment)bracket.Alternatives[0].Segments[0]).Value);
        Assert.Equal(@"or / that", ((TextSegment)bracket.Alternatives[1].Segments[0]).Value);
        Assert.Equal(source, BracketedText.Render(parsed));
    }

    [Fact]
    public void A_reference_keeps_its_label_and_target()
    {
        var parsed = BracketedText.Parse("documento [A/77/275](#).");

        var reference = Assert.IsType<ReferenceSegment>(parsed.Segments[1]);
        Assert.Equal("A/77/275", reference.Label);
        Assert.Equal("#", reference.Target);
    }

    [Theory]
    [InlineData("[shall] (ESP)", 1)] // a space before the parenthesis: a bracket, then text
    [InlineData("[shall / should](x)", 1)] // alternatives are never a reference label
    [InlineData("[a](b c)", 1)] // a target has no spaces
    [InlineData("[](x)", 1)] // a reference has a label
    public void Look_alikes_of_references_are_brackets(string text, int brackets)
    {
        Assert.Equal(brackets, BracketedText.Parse(text).BracketCount);
    }

    [Theory]
    [InlineData("[abc", 0)]
    [InlineData("abc]", 3)]
    [InlineData("[a [b] c", 0)]
    [InlineData("[a] [b [c]", 4)]
    [InlineData("ok [x] then ] stray", 12)]
    [InlineData(@"[escaped at the end\]", 0)]
    [InlineData("[75/240](#) ]", 12)]
    public void Unbalanced_brackets_are_reported_with_their_position(string text, int position)
    {
        var error = Assert.Throws<BracketSyntaxException>(() => BracketedText.Parse(text));

        Assert.Equal(position, error.Position);
        Assert.Contains(position.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_nesting_depth_is_an_error_not_a_crash()
    {
        var deep = new string('[', 200_000) + new string(']', 200_000);

        var error = Assert.Throws<BracketSyntaxException>(() => BracketedText.Parse(deep));
        Assert.Equal(BracketedText.MaxNestingDepth, error.Position);
        Assert.Single(BracketedText.ParseLenient(deep).Segments);

        var limit = new string('[', BracketedText.MaxNestingDepth) + new string(']', BracketedText.MaxNestingDepth);
        Assert.Equal(BracketedText.MaxNestingDepth, BracketedText.Parse(limit).BracketCount);
        Assert.Equal(limit, BracketedText.Render(BracketedText.Parse(limit)));
    }

    [Fact]
    public void Lenient_parsing_keeps_unbalanced_text_whole_and_counts_it_as_open()
    {
        var parsed = BracketedText.ParseLenient("text [with an unclosed bracket");

        Assert.Equal("text [with an unclosed bracket", BracketedText.Render(parsed));
        Assert.Equal(1, parsed.BracketCount);
        Assert.Equal(0, BracketedText.ParseLenient("[75/240](#)").BracketCount);
    }

    [Theory]
    [InlineData("see resolution [75/240](#) and [78/16](https://undocs.org/A/RES/78/16).", "see resolution 75/240 and 78/16.")]
    [InlineData("[shall / should] (A1: ESP) under [75/240](#)", "[shall / should] (A1: ESP) under 75/240")]
    [InlineData("an escaped \\[75/240](#) stays", "an escaped \\[75/240](#) stays")]
    [InlineData("unbalanced [text and [75/240](#)", "unbalanced [text and 75/240")]
    [InlineData("[no target]() and [spaced](a b)", "[no target]() and [spaced](a b)")]
    public void Plain_text_writes_a_reference_as_its_label_alone(string source, string plain) =>
        Assert.Equal(plain, BracketedText.ReferencesAsLabels(source));

    private static string Render(Alternative alternative) => BracketedText.Render(alternative.Segments);

    private static int CountReferences(IReadOnlyList<Segment> segments) =>
        segments.Sum(s => s switch
        {
            ReferenceSegment => 1,
            BracketSegment b => b.Alternatives.Sum(a => CountReferences(a.Segments)),
            _ => 0,
        });
}
