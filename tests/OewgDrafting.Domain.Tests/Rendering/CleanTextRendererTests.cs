using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Import;
using OewgDrafting.Domain.Rendering;
using OewgDrafting.Domain.Tests.Import;

namespace OewgDrafting.Domain.Tests.Rendering;

public class CleanTextRendererTests
{
    private static readonly TextDocument SeedDocument = SeedImportTests.AsTextDocument(UnDocumentImporter.Import(Seed.Text));

    private static TextDocument With(params TextBlock[] blocks) =>
        new("A/1", "Title <b>", "en", [new FrontMatterLine("body", "General Assembly", 0)], blocks);

    [Fact]
    public void Plain_text_shows_references_by_their_label_so_the_only_square_brackets_left_are_real_brackets()
    {
        var plain = CleanTextRenderer.ToPlainText(SeedDocument);

        Assert.Contains("En su resolución 75/240, la Asamblea General", plain, StringComparison.Ordinal);
        Assert.DoesNotContain("](#)", plain, StringComparison.Ordinal);
        Assert.Equal(1, plain.Count(c => c == '['));
        Assert.EndsWith("[por completar]\n", plain, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_is_a_semantic_page_with_headings_numbered_paragraphs_brackets_and_links()
    {
        var html = CleanTextRenderer.ToHtml(SeedDocument);

        Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"es\">", html, StringComparison.Ordinal);
        Assert.Contains("<article class=\"document\" data-symbol=\"A/AC.292/2025/L.1\"", html, StringComparison.Ordinal);
        Assert.Contains("<h1 class=\"title\">Informe final", html, StringComparison.Ordinal);
        Assert.Contains("><span class=\"label\">I.</span> Introducción</h2>", html, StringComparison.Ordinal);
        Assert.Contains("><span class=\"label\">A.</span> Apertura", html, StringComparison.Ordinal);
        Assert.Contains("data-label=\"18\"><span class=\"label\">18.</span> En su 11º", html, StringComparison.Ordinal);
        Assert.Contains("<a class=\"reference\" href=\"#\">75/240</a>", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"bracket\" data-bracket=\"0\">[por completar]</span>", html, StringComparison.Ordinal);
        // Paragraph 10 quotes a URL in angle brackets: it is text, so it is escaped.
        Assert.Contains("(&lt;https://meetings.unoda.org/", html, StringComparison.Ordinal);
        Assert.Equal(18, CountOf(html, "class=\"paragraph\""));
    }

    [Fact]
    public void Html_escapes_every_text_and_marks_alternatives()
    {
        var html = CleanTextRenderer.ToHtml(With(
            new TextBlock(Guid.Empty, BlockKind.Paragraph, null, "1", "<script>alert('x')</script> [shall / \"should\"] & [x](javascript:alert)")));

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<title>A/1 — Title &lt;b&gt;</title>", html, StringComparison.Ordinal);
        Assert.Contains(
            "<span class=\"bracket alternatives\" data-bracket=\"0\">[<span class=\"alternative\" data-alternative=\"0\">shall</span><span class=\"separator\"> / </span><span class=\"alternative\" data-alternative=\"1\">&quot;should&quot;</span>]</span>",
            html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"javascript:", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"reference\">x</span>", html, StringComparison.Ordinal);
        Assert.Contains(" &amp; ", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("#", "#")]
    [InlineData("/documents/A-78-265", "/documents/A-78-265")]
    [InlineData("https://undocs.org/A/78/265", "https://undocs.org/A/78/265")]
    [InlineData("javascript:alert(1)", null)]
    [InlineData("data:text/html,x", null)]
    [InlineData("//evil.example", null)]
    public void Only_safe_link_targets_become_hrefs(string target, string? href)
    {
        Assert.Equal(href, CleanTextRenderer.SafeHref(target));
    }

    [Fact]
    public void Markdown_prints_labels_and_unnumbered_paragraphs_as_the_issued_document_does()
    {
        var markdown = CleanTextRenderer.ToMarkdown(With(
            new TextBlock(Guid.Empty, BlockKind.Heading, 1, "Anexo", ""),
            new TextBlock(Guid.Empty, BlockKind.Heading, 2, null, "Annex title"),
            new TextBlock(Guid.Empty, BlockKind.Paragraph, null, "5 bis", "Inserted [text]."),
            new TextBlock(Guid.Empty, BlockKind.Paragraph, null, null, "Unnumbered.")));

        Assert.Equal("General Assembly\n\nTitle <b>\n\nAnexo\n\nAnnex title\n\n5 bis. Inserted [text].\n\nUnnumbered.\n", markdown);
    }

    private static int CountOf(string text, string value) =>
        (text.Length - text.Replace(value, string.Empty, StringComparison.Ordinal).Length) / value.Length;
}
