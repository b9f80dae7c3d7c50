using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Text;

namespace OewgDrafting.Domain.Rendering;

/// <summary>What the renderers need of a document: the current text, or a frozen revision of it.</summary>
public sealed record TextDocument(
    string Symbol,
    string Title,
    string Language,
    IReadOnlyList<FrontMatterLine> FrontMatter,
    IReadOnlyList<TextBlock> Blocks);

public sealed record TextBlock(Guid Id, BlockKind Kind, int? Level, string? Label, string Text)
{
    private ParsedText? _parsed;

    /// <summary>Parsed once and kept: rendering to several formats reuses it.</summary>
    public ParsedText Parsed => _parsed ??= BracketedText.ParseLenient(Text);

    /// <summary>The line as the issued document prints it, before the text: <c>I.</c>, <c>Anexo</c>, <c>1.</c>.</summary>
    public string? DisplayLabel => Kind == BlockKind.Paragraph && Label is not null ? Label + "." : Label;
}
