using System.Text.Json.Serialization;
using OewgDrafting.Domain.Amendments;
using OewgDrafting.Domain.Documents;

namespace OewgDrafting.Api.Features.Documents;

// The compilation in JSON, as CompilationJson writes it (straight to UTF-8, for speed). These types describe it for
// the API description and for clients; the response-validation test holds the writer to them.

/// <summary>The chair's compilation: the clean text with every pending amendment at its place, attributed.</summary>
public sealed record CompilationTextResponse(
    Guid Id,
    string Symbol,
    string Title,
    string Language,
    CompilationView View,
    long Version,
    IReadOnlyList<CompilationItemDto> Items);

[JsonConverter(typeof(JsonStringEnumConverter<CompilationView>))]
public enum CompilationView
{
    [JsonStringEnumMemberName("compilation")]
    Compilation,
}

/// <summary>An item of the compilation: a block of the text, or a new paragraph an amendment proposes (on <c>type</c>).</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(CompilationBlockDto), "block")]
[JsonDerivedType(typeof(ProposedParagraphDto), "proposedParagraph")]
public abstract record CompilationItemDto;

/// <summary>A block with its pending amendments: inline (pieces) or as notes, and the amendments themselves.</summary>
public sealed record CompilationBlockDto(
    Guid Id,
    BlockKind Kind,
    string? Label,
    int Version,
    string Text,
    int OpenComments,
    IReadOnlyList<CompilationPieceDto> Pieces,
    IReadOnlyList<CompilationNoteDto> Notes,
    IReadOnlyList<CompilationAmendmentDto> Amendments) : CompilationItemDto;

/// <summary>A paragraph an amendment would add, with the label it would take.</summary>
public sealed record ProposedParagraphDto(Guid AfterBlockId, string? Label, string Text, IReadOnlyList<CompilationAmendmentDto> Amendments)
    : CompilationItemDto;

/// <summary>A piece of a block in the compilation: current text, or an amendment shown inline (on <c>type</c>).</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(CompilationTextPieceDto), "text")]
[JsonDerivedType(typeof(CompilationChangePieceDto), "change")]
public abstract record CompilationPieceDto;

public sealed record CompilationTextPieceDto(string Text) : CompilationPieceDto;

/// <summary>An amendment shown inline: the words it targets and how the plain compilation writes it.</summary>
public sealed record CompilationChangePieceDto(Guid AmendmentId, string Original, string Inline) : CompilationPieceDto;

/// <summary>What cannot be shown inline: a whole-paragraph change, a collision, a quote that cannot be placed.</summary>
public sealed record CompilationNoteDto(
    Guid AmendmentId,
    CompilationNoteKind Kind,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Detail,
    string Text);

[JsonConverter(typeof(JsonStringEnumConverter<CompilationNoteKind>))]
public enum CompilationNoteKind
{
    [JsonStringEnumMemberName("wholeParagraph")]
    WholeParagraph,

    [JsonStringEnumMemberName("collision")]
    Collision,

    [JsonStringEnumMemberName("conflict")]
    Conflict,
}

/// <summary>A pending amendment as the compilation attributes it.</summary>
public sealed record CompilationAmendmentDto(
    Guid Id,
    int Number,
    AmendmentKind Kind,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Quote,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Placement? Placement,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Text,
    string Proposer,
    IReadOnlyList<string> Cosponsors,
    IReadOnlyList<string> Supporters,
    IReadOnlyList<string> Opposers,
    IReadOnlyList<string> Reserving,
    string Attribution,
    IReadOnlyList<Guid> CollidesWith)
{
    /// <summary>When the proposed words are agreed language: <c>agreed language: A/RES/75/240, ¶3</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AgreedLanguage { get; init; }
}
