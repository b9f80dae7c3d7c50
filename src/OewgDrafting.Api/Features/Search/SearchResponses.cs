using System.Text.Json.Serialization;
using OewgDrafting.Domain.Documents;

namespace OewgDrafting.Api.Features.Search;

/// <summary>What a result is: a paragraph as it is now, an earlier wording of it, an amendment, a language version's paragraph, a comment.</summary>
public enum SearchResultType
{
    Paragraph,
    Version,
    Amendment,
    Translation,
    Comment,
}

/// <summary>Where the paragraph stands: still negotiated, agreed ad referendum, or adopted (a reference text's paragraphs are adopted).</summary>
public enum SearchStanding
{
    Pending,
    AgreedAdRef,
    Adopted,
}

public sealed record HighlightDto(int Start, int Length);

/// <summary>A stretch of the text around the first match; each highlight is an offset and a length in UTF-16 code units of <c>text</c>.</summary>
public sealed record SnippetDto(string Text, IReadOnlyList<HighlightDto> Highlights);

public sealed record SearchResult(
    SearchResultType Type,
    Guid DocumentId,
    string Symbol,
    DocumentKind DocumentKind,
    DateOnly? AdoptedOn,
    Guid? BlockId,
    string? Label,
    SearchStanding Status,
    string Language,
    SnippetDto Snippet)
{
    /// <summary>For an earlier wording: the paragraph's version that had it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Version { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Guid? AmendmentId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? AmendmentNumber { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AmendmentStatus { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Proposer { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Guid? CommentId { get; init; }

    internal static string SourceOf(SearchResultType type) => type == SearchResultType.Paragraph ? "block" : type.ToString().ToLowerInvariant();

    internal static SearchResultType TypeOf(string source) => source == "block" ? SearchResultType.Paragraph : Enum.Parse<SearchResultType>(source, ignoreCase: true);
}

public sealed record SearchResponse(string Query, int Total, int Offset, int Limit, IReadOnlyList<SearchResult> Results);

/// <summary>An adopted paragraph: the document (a reference text or one adopted here) and the paragraph's label.</summary>
public sealed record PrecedentSourceDto(Guid DocumentId, string Symbol, Guid BlockId, string? Label, DateOnly? AdoptedOn)
{
    public static PrecedentSourceDto From(Domain.Search.PrecedentSource s) => new(s.DocumentId, s.Symbol, s.BlockId, s.Label, s.AdoptedOn);
}

/// <summary>Words of the text (from word <c>start</c>, <c>words</c> long) found word for word in the source; <c>coverage</c> is their share of the text.</summary>
public sealed record PrecedentPassageDto(string Text, int Start, int Words, double Coverage, PrecedentSourceDto Source);

public sealed record DiffPartDto(Domain.Search.DiffOp Op, string Text);

/// <summary>A source the text repeats but for <c>wordsDifferent</c> words; in the diff, <c>inserted</c> words are the text's own and <c>deleted</c> ones the source's.</summary>
public sealed record NearPrecedentDto(PrecedentSourceDto Source, int WordsDifferent, IReadOnlyList<DiffPartDto> Diff);

/// <summary>Agreed language: the adopted paragraph that holds all of the text, with the line to show (<c>agreed language: A/RES/75/240, ¶3</c>).</summary>
public sealed record AgreedLanguageDto(Guid DocumentId, string Symbol, Guid BlockId, string? Label, DateOnly? AdoptedOn, string Note)
{
    public static AgreedLanguageDto From(Infrastructure.Search.AgreedLanguageMark m) => new(m.DocumentId, m.Symbol, m.BlockId, m.Label, m.AdoptedOn, m.Describe());
}

public sealed record PrecedentResponse(
    string Text,
    int Words,
    double Covered,
    AgreedLanguageDto? AgreedLanguage,
    IReadOnlyList<PrecedentPassageDto> Passages,
    IReadOnlyList<NearPrecedentDto> NearMatches)
{
    public static PrecedentResponse From(string text, Domain.Search.PrecedentFindings findings)
    {
        var entire = findings.Entire;
        return new PrecedentResponse(text, findings.Words,
            findings.Words == 0 ? 0 : Math.Round(findings.Passages.Sum(p => p.Length) / (double)findings.Words, 4),
            entire is null ? null : AgreedLanguageDto.From(new(entire.Source.DocumentId, entire.Source.Symbol, entire.Source.BlockId, entire.Source.Label, entire.Source.AdoptedOn)),
            findings.Passages.Select(p => new PrecedentPassageDto(p.Text, p.Start, p.Length, p.Coverage, PrecedentSourceDto.From(p.Source))).ToList(),
            findings.NearMatches.Select(n => new NearPrecedentDto(PrecedentSourceDto.From(n.Source), n.WordsDifferent,
                n.Diff.Select(d => new DiffPartDto(d.Op, d.Text)).ToList())).ToList());
    }
}
