using CsCheck;
using OewgDrafting.Domain.Text;

namespace OewgDrafting.Domain.Tests.Text;

/// <summary>Properties of the bracket notation over generated negotiated texts.</summary>
public class BracketedTextProperties
{
    // Plain text never holds '(' so that a generated bracket is never followed by something that reads as a link target.
    private static readonly Gen<string> Plain = Gen.OneOf(
        Gen.String[Gen.Char["abcdefgh ,.;:-/0123456789éº°"], 0, 12],
        Gen.OneOf(Gen.Const(@"\["), Gen.Const(@"\]"), Gen.Const(@"\/")),
        Gen.Const("and/or"),
        Gen.Const("A/AC.292/2025/L.1"));

    private static readonly Gen<(string Text, int Brackets)> Reference =
        Gen.Select(Gen.String[Gen.Char["ABC/0123456789."], 1, 12], Gen.String[Gen.Char["#abc/-"], 1, 6],
            (label, target) => ($"[{label}]({target})", 0));

    private static Gen<(string Text, int Brackets)> Node(int depth)
    {
        var text = Plain.Select(p => (p, 0));
        if (depth == 0)
        {
            return Gen.OneOf(text, Reference);
        }

        var bracket = Sequence(depth - 1).Array[1, 3].Select(alternatives =>
            ("[" + string.Join(" / ", alternatives.Select(a => a.Text)) + "]", 1 + alternatives.Sum(a => a.Brackets)));
        return Gen.Frequency((3, text), (1, Reference), (2, bracket));
    }

    private static Gen<(string Text, int Brackets)> Sequence(int depth) =>
        Node(depth).Array[0, 4].Select(nodes => (string.Concat(nodes.Select(n => n.Text)), nodes.Sum(n => n.Brackets)));

    public static readonly Gen<(string Text, int Brackets)> NegotiatedText = Sequence(3);

    [Fact]
    public void Rendering_a_parsed_text_gives_the_text_back()
    {
        NegotiatedText.Sample(t =>
        {
            var parsed = BracketedText.Parse(t.Text);
            Assert.Equal(t.Text, BracketedText.Render(parsed));
        }, iter: 3_000);
    }

    [Fact]
    public void The_parser_counts_exactly_the_brackets_that_were_written()
    {
        NegotiatedText.Sample(t =>
        {
            var parsed = BracketedText.Parse(t.Text);
            Assert.Equal(t.Brackets, parsed.BracketCount);
            Assert.Equal(t.Brackets, parsed.Brackets.Count);
            Assert.Equal(Enumerable.Range(0, t.Brackets), parsed.Brackets.Select(b => b.Index));
        }, iter: 3_000);
    }

    [Fact]
    public void Every_well_formed_string_round_trips_whatever_its_characters()
    {
        // Arbitrary strings over the notation's own characters: those that parse must render back exactly.
        Gen.String[Gen.Char[@"ab /[]()\#"], 0, 30].Sample(s =>
        {
            if (BracketedText.TryParse(s, out var parsed, out _))
            {
                Assert.Equal(s, BracketedText.Render(parsed));
            }
        }, iter: 20_000);
    }

    [Fact]
    public void A_failed_parse_points_at_a_bracket_character()
    {
        Gen.String[Gen.Char[@"ab /[]()\"], 0, 30].Sample(s =>
        {
            if (!BracketedText.TryParse(s, out _, out var error))
            {
                Assert.InRange(error!.Position, 0, s.Length - 1);
                Assert.Contains(s[error.Position], "[]");
            }
        }, iter: 20_000);
    }

    [Fact]
    public void Segment_spans_cover_the_source_exactly()
    {
        NegotiatedText.Sample(t =>
        {
            var parsed = BracketedText.Parse(t.Text);
            var position = 0;
            foreach (var segment in parsed.Segments)
            {
                Assert.Equal(position, segment.Start);
                Assert.Equal(BracketedText.Render([segment]), t.Text[segment.Start..segment.End]);
                position = segment.End;
            }

            Assert.Equal(t.Text.Length, position);
        }, iter: 2_000);
    }
}
