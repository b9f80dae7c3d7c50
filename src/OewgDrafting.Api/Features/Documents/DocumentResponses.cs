using System.Text.Json.Serialization;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Import;
using OewgDrafting.Domain.Text;

namespace OewgDrafting.Api.Features.Documents;

public sealed record FrontMatterLineDto(string Key, string Text, int Group)
{
    public static FrontMatterLineDto From(FrontMatterLine line) => new(line.Key, line.Text, line.Group);
}

public sealed record BlockResponse(
    Guid Id,
    BlockKind Kind,
    int? Level,
    string? Label,
    string Text,
    BlockStatus Status,
    int Version,
    int OpenBrackets)
{
    public static BlockResponse From(Block block) =>
        new(block.Id, block.Kind, block.Level, block.Label, block.Text, block.Status, block.Version, block.OpenBrackets);
}

public sealed record DocumentSummary(
    Guid Id,
    string Symbol,
    string Title,
    string Language,
    DocumentStatus Status,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DocumentKind Kind,
    DateOnly? AdoptedOn,
    string? AdoptingBody)
{
    public static DocumentSummary From(Document d) =>
        new(d.Id, d.Symbol, d.Title, d.Language, d.Status, d.Version, d.CreatedAt, d.UpdatedAt, d.Kind, d.AdoptedOn, d.AdoptingBody);
}

public sealed record ImportWarningDto(int Line, string Message)
{
    public static ImportWarningDto From(ImportWarning warning) => new(warning.Line, warning.Message);
}

public sealed record DocumentResponse(
    Guid Id,
    string Symbol,
    string Title,
    string Language,
    DocumentStatus Status,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<FrontMatterLineDto> FrontMatter,
    IReadOnlyList<BlockResponse> Blocks,
    DocumentKind Kind,
    DateOnly? AdoptedOn,
    string? AdoptingBody)
{
    /// <summary>What the importer noticed in a real text (unbalanced brackets, numbering gaps); only on import.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ImportWarningDto>? Warnings { get; init; }

    public static DocumentResponse From(Document document, IEnumerable<Block> blocks) => new(
        document.Id, document.Symbol, document.Title, document.Language, document.Status, document.Version,
        document.CreatedAt, document.UpdatedAt,
        document.FrontMatter.Select(FrontMatterLineDto.From).ToList(),
        blocks.OrderBy(b => b.Position).Select(BlockResponse.From).ToList(),
        document.Kind, document.AdoptedOn, document.AdoptingBody);
}

/// <summary>A piece of a paragraph for frontends that draw their own view: text, a bracket, or a reference (on <c>type</c>).</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TextSegmentDto), "text")]
[JsonDerivedType(typeof(BracketSegmentDto), "bracket")]
[JsonDerivedType(typeof(ReferenceSegmentDto), "reference")]
public abstract record SegmentDto
{
    public static IReadOnlyList<SegmentDto> From(IReadOnlyList<Segment> segments) => segments.Select(From).ToList();

    public static SegmentDto From(Segment segment) => segment switch
    {
        TextSegment text => new TextSegmentDto(text.Value),
        ReferenceSegment reference => new ReferenceSegmentDto(BracketedText.Unescape(reference.Label), reference.Target),
        BracketSegment bracket => new BracketSegmentDto(bracket.Index, bracket.Alternatives.Select(a => From(a.Segments)).ToList()),
        _ => throw new ArgumentOutOfRangeException(nameof(segment)),
    };
}

/// <summary>Text as read, escapes resolved.</summary>
public sealed record TextSegmentDto(string Text) : SegmentDto;

/// <summary>A reference link: the label shown and its target.</summary>
public sealed record ReferenceSegmentDto(string Label, string Target) : SegmentDto;

/// <summary>A bracket: its index in the paragraph (order of opening brackets) and its alternatives, each a list of segments.</summary>
public sealed record BracketSegmentDto(int Index, IReadOnlyList<IReadOnlyList<SegmentDto>> Alternatives) : SegmentDto;

public sealed record TextBlockResponse(
    Guid Id,
    BlockKind Kind,
    int? Level,
    string? Label,
    BlockStatus Status,
    int Version,
    string Text,
    int OpenBrackets,
    IReadOnlyList<SegmentDto> Segments,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] BlockTranslation? Translation = null);

/// <summary>In a language version (?lang=): how this block stands against the original.</summary>
public sealed record BlockTranslation(OewgDrafting.Domain.Languages.TranslationState State, int? TranslatesVersion, int OriginalVersion);

/// <summary>In a language version (?lang=): the original's language and how many blocks are current, outdated, missing.</summary>
public sealed record DocumentTranslation(string OriginalLanguage, int Current, int Outdated, int Missing);

public sealed record DocumentTextResponse(
    Guid Id,
    string Symbol,
    string Title,
    string Language,
    DocumentStatus Status,
    long Version,
    IReadOnlyList<FrontMatterLineDto> FrontMatter,
    IReadOnlyList<TextBlockResponse> Blocks,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DocumentTranslation? Translation = null);

/// <summary>What an event records of a block, before or after a change.</summary>
public sealed record BlockSnapshot(Guid Id, BlockKind Kind, int? Level, string? Label, string Text, BlockStatus Status, int Version)
{
    public static BlockSnapshot Of(Block block) => new(block.Id, block.Kind, block.Level, block.Label, block.Text, block.Status, block.Version);
}
