using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Text;

namespace OewgDrafting.Domain.Rendering;

/// <summary>What the renderers need of a document: the current text, or a frozen revision of it.</summary>
public sealed record TextDocument(
    string Symbol,
    string Title,
    string Language,
    IReadOnlyList<FrontMatterLine> FrontMatter,
    IReadOnlyList<TextBlock> Blocks)
{
    /// <summary>
    /// For an adopted document: the line printed after its text that names the adoption and the head of the log it
    /// closes (<c>Adopted by consensus on 2026-11-28; record 31, hash 9269…</c>), so that a printed copy can be checked.
    /// </summary>
    public string? Colophon { get; init; }
}

public sealed record TextBlock(Guid Id, BlockKind Kind, int? Level, string? Label, string Text)
{
    private ParsedText? _parsed;

    /// <summary>Parsed once and kept: rendering to several formats reuses it.</summary>
    public ParsedText Parsed => _parsed ??= BracketedText.ParseLenient(Text);

    /// <summary>In a language version: whether this block is outdated or missing (null when current, and in the original).</summary>
    public TranslationMark? Translation { get; init; }

    /// <summary>The line as the issued document prints it, before the text: <c>I.</c>, <c>Anexo</c>, <c>1.</c>.</summary>
    public string? DisplayLabel => Kind == BlockKind.Paragraph && Label is not null ? Label + "." : Label;
}

/// <summary>
/// How a language version's block stands against the original: outdated (the original changed since) or missing
/// (not translated; the original's text is shown, in <see cref="TextLanguage"/>).
/// </summary>
public sealed record TranslationMark(Languages.TranslationState State, string? TextLanguage)
{
    /// <summary>The visible marker the text formats put before such a block's text: <c>‹outdated›</c>, <c>‹missing›</c>.</summary>
    public string Marker => State == Languages.TranslationState.Missing ? "‹missing›" : "‹outdated›";

    public string Name => State == Languages.TranslationState.Missing ? "missing" : "outdated";
}

/// <summary>Scripts written right to left: the HTML of a text in these languages sets <c>dir="rtl"</c>.</summary>
public static class TextDirection
{
    private static readonly HashSet<string> RightToLeft = new(StringComparer.OrdinalIgnoreCase) { "ar", "he", "fa", "ur", "ps", "yi", "dv", "ug", "sd", "ckb" };

    public static bool IsRightToLeft(string? language) => language is not null && RightToLeft.Contains(language.Split('-')[0]);
}
