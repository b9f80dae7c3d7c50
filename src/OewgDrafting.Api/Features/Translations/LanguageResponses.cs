using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Features.Revisions;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Languages;

namespace OewgDrafting.Api.Features.Translations;

/// <summary>How a language version stands: its blocks current, outdated and missing against the original.</summary>
public sealed record LanguageVersionSummary(string Language, string Title, DateTimeOffset CreatedAt, string CreatedBy, int Current, int Outdated, int Missing);

/// <summary>What the original said when the translation was made, what it says now, and the changes word by word.</summary>
public sealed record OriginalChange(int FromVersion, int ToVersion, string OldText, string NewText, IReadOnlyList<WordChange> Changes);

public sealed record TranslatedBlockResponse(
    Guid BlockId,
    BlockKind Kind,
    int? Level,
    string? Label,
    TranslationState State,
    string? Text,
    int? Version,
    int? TranslatesVersion,
    int OriginalVersion,
    string OriginalText,
    int OpenBrackets,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] OriginalChange? Outdated);

public sealed record LanguageVersionResponse(
    Guid DocumentId,
    string OriginalLanguage,
    string Language,
    string Title,
    IReadOnlyList<FrontMatterLine> FrontMatter,
    int Current,
    int Outdated,
    int Missing,
    IReadOnlyList<TranslatedBlockResponse> Blocks,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ImportWarningDto>? Warnings = null);

/// <summary>A translator's update of one block: the text, and the original's version it translates.</summary>
public sealed record EditTranslationRequest(
    [property: Required] string? Text,
    [property: Required] int? TranslatesVersion,
    string? Label,
    int? ExpectedVersion);
