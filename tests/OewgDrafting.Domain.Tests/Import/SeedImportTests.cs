using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Import;
using OewgDrafting.Domain.Rendering;
using OewgDrafting.Domain.Text;

namespace OewgDrafting.Domain.Tests.Import;

public class SeedImportTests
{
    private static readonly ImportedDocument Imported = UnDocumentImporter.Import(Seed.Text);

    internal static TextDocument AsTextDocument(ImportedDocument imported, string symbol = "A/AC.292/2025/L.1") =>
        new(symbol, imported.Title, imported.Language ?? "und", imported.FrontMatter,
            imported.Blocks.Select(b => new TextBlock(Guid.NewGuid(), b.Kind, b.Level, b.Label, b.Text)).ToList());

    [Fact]
    public void The_seed_has_18_numbered_paragraphs_numbered_1_to_18()
    {
        var numbered = Imported.Blocks.Where(b => b.Kind == BlockKind.Paragraph && b.Label is not null).ToList();

        Assert.Equal(Enumerable.Range(1, 18).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)), numbered.Select(b => b.Label));
    }

    [Fact]
    public void The_seed_has_ten_labelled_headings_and_the_annex_title_as_an_unlabelled_heading()
    {
        var headings = Imported.Blocks.Where(b => b.Kind == BlockKind.Heading).ToList();

        Assert.Equal(["I.", "II.", "A.", "B.", "C.", "D.", "E.", "F.", "III.", "Anexo"],
            headings.Where(h => h.Label is not null).Select(h => h.Label));
        Assert.Equal([1, 1, 2, 2, 2, 2, 2, 2, 1, 1], headings.Where(h => h.Label is not null).Select(h => h.Level!.Value));

        var annexTitle = Assert.Single(headings, h => h.Label is null);
        Assert.Equal(2, annexTitle.Level);
        Assert.StartsWith("Informe sobre los progresos realizados", annexTitle.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_only_open_bracket_is_the_annex_placeholder()
    {
        var bracketed = Imported.Blocks.Where(b => BracketedText.Parse(b.Text).BracketCount > 0).ToList();

        var placeholder = Assert.Single(bracketed);
        Assert.Equal("[por completar]", placeholder.Text);
        Assert.Null(placeholder.Label);
        Assert.Equal(BlockKind.Paragraph, placeholder.Kind);
        Assert.Same(Imported.Blocks[^1], placeholder);
    }

    [Fact]
    public void The_thirteen_document_references_are_not_brackets()
    {
        var references = Imported.Blocks
            .SelectMany(b => BracketedText.Parse(b.Text).Segments)
            .OfType<ReferenceSegment>()
            .ToList();

        Assert.Equal(13, references.Count);
        Assert.Contains(references, r => r.Label == "75/240");
        Assert.All(references, r => Assert.Equal("#", r.Target));
    }

    [Fact]
    public void The_page_broken_paragraph_2_is_one_paragraph()
    {
        var paragraph2 = Assert.Single(Imported.Blocks, b => b.Label == "2");

        Assert.Contains("relativo a sus períodos de sesiones sustantivos cuarto y quinto", paragraph2.Text, StringComparison.Ordinal);
        Assert.EndsWith("[A/79/214](#).", paragraph2.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(Imported.Blocks, b => b.Text.StartsWith("a sus", StringComparison.Ordinal));
    }

    [Fact]
    public void Front_matter_title_and_language_are_recognised()
    {
        Assert.StartsWith("Informe final del grupo de trabajo de composición abierta", Imported.Title, StringComparison.Ordinal);
        Assert.Equal("es", Imported.Language);
        Assert.Null(Imported.Symbol);
        Assert.Equal(
            ["body", "distribution", "date", "language", "originalLanguage", "committee", "session", "placeAndDates"],
            Imported.FrontMatter.Select(l => l.Key));
        Assert.Equal([0, 1, 1, 1, 1, 2, 3, 4], Imported.FrontMatter.Select(l => l.Group));
        Assert.Equal("Asamblea General", Imported.FrontMatter[0].Text);
        Assert.Empty(Imported.Warnings);
    }

    [Fact]
    public void Importing_the_seed_and_exporting_it_as_markdown_gives_the_seed_back_exactly()
    {
        var markdown = CleanTextRenderer.ToMarkdown(AsTextDocument(Imported));

        Assert.Equal(Seed.Normalised, markdown);
    }

    [Fact]
    public void The_exported_markdown_imports_to_the_same_document()
    {
        var again = UnDocumentImporter.Import(CleanTextRenderer.ToMarkdown(AsTextDocument(Imported)));

        Assert.Equal(Imported.Title, again.Title);
        Assert.Equal(Imported.FrontMatter, again.FrontMatter);
        Assert.Equal(Imported.Blocks.Select(b => (b.Kind, b.Level, b.Label, b.Text)), again.Blocks.Select(b => (b.Kind, b.Level, b.Label, b.Text)));
    }
}

public class ImporterTests
{
    [Fact]
    public void Unbalanced_brackets_in_a_real_text_are_a_warning_and_the_text_is_kept()
    {
        var imported = UnDocumentImporter.Import("General Assembly\n\nTitle\n\nI. Heading\n\n1. States [shall take note.\n\n2. Fine.\n");

        var warning = Assert.Single(imported.Warnings);
        Assert.Equal(7, warning.Line);
        Assert.Contains("paragraph 1", warning.Message, StringComparison.Ordinal);
        Assert.Contains("position 7", warning.Message, StringComparison.Ordinal);
        Assert.Equal("States [shall take note.", imported.Blocks[1].Text);
    }

    [Fact]
    public void Insertion_labels_and_letters_that_are_also_roman_numerals_are_read_in_sequence()
    {
        var text = "Body\n\nTitle\n\nI. One\n\nA. a\n\nB. b\n\nC. c\n\nD. d\n\n1. First.\n\n1 bis. Inserted.\n\nII. Two\n\nIII. Three\n\nIV. Four\n\nV. Five\n\nA. again\n";
        var imported = UnDocumentImporter.Import(text);

        Assert.Equal(
            [(1, "I."), (2, "A."), (2, "B."), (2, "C."), (2, "D."), (0, "1"), (0, "1 bis"), (1, "II."), (1, "III."), (1, "IV."), (1, "V."), (2, "A.")],
            imported.Blocks.Select(b => (b.Level ?? 0, b.Label!)));
    }

    [Fact]
    public void Numbering_gaps_are_reported()
    {
        var imported = UnDocumentImporter.Import("Body\n\nTitle\n\nI. One\n\n1. a.\n\n3. c.\n");

        Assert.Contains(imported.Warnings, w => w.Message.Contains("from 1 to 3", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("I", 1)]
    [InlineData("IV", 4)]
    [InlineData("XIV", 14)]
    [InlineData("IIII", 0)]
    [InlineData("IC", 0)]
    [InlineData("ABC", 0)]
    public void Roman_numerals_are_read_only_in_their_canonical_form(string numeral, int value)
    {
        Assert.Equal(value, UnDocumentImporter.RomanValue(numeral));
    }
}
