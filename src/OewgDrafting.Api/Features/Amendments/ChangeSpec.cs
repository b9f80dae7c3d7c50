using OewgDrafting.Api.Infrastructure.Behaviours;
using OewgDrafting.Domain.Amendments;
using OewgDrafting.Domain.Documents;

namespace OewgDrafting.Api.Features.Amendments;

/// <summary>
/// What an amendment asks: its kind, its target (a paragraph and the version it was written against, or
/// for a new paragraph the block it follows) and its words.
/// </summary>
public sealed record ChangeSpec(
    AmendmentKind? Kind,
    Guid? BlockId,
    Guid? AfterBlockId,
    int? BaseVersion,
    string? Anchor,
    Placement? Placement,
    string? Quote,
    string? Text,
    int? Occurrence)
{
    public Guid? Target => Kind == AmendmentKind.AddParagraph ? AfterBlockId ?? BlockId : BlockId;

    public TextChange ToChange() => Kind switch
    {
        AmendmentKind.Insert => new TextChange(AmendmentKind.Insert, Anchor, Placement, Text, Occurrence),
        AmendmentKind.Delete => new TextChange(AmendmentKind.Delete, Quote, null, null, Occurrence),
        AmendmentKind.Replace => new TextChange(AmendmentKind.Replace, Quote, null, Text, Occurrence),
        AmendmentKind.ReplaceParagraph => new TextChange(AmendmentKind.ReplaceParagraph, null, null, Text, null),
        AmendmentKind.DeleteParagraph => new TextChange(AmendmentKind.DeleteParagraph, null, null, null, null),
        _ => new TextChange(AmendmentKind.AddParagraph, null, null, Text, null),
    };

    /// <summary>Which fields each kind needs, and which it must not have.</summary>
    public void Validate(ValidationErrors errors)
    {
        if (Kind is null)
        {
            errors.Add("kind", "The kind is required: insert, delete, replace, addParagraph, deleteParagraph or replaceParagraph.");
            return;
        }

        var kind = Kind.Value;
        if (kind == AmendmentKind.AddParagraph)
        {
            if (Target is null) errors.Add("afterBlockId", "A new paragraph needs afterBlockId, the block it follows.");
        }
        else
        {
            errors.Required("blockId", BlockId).Required("baseVersion", BaseVersion);
            if (BaseVersion < 1) errors.Add("baseVersion", "baseVersion is a paragraph version, 1 or more.");
        }

        if (kind == AmendmentKind.Insert)
        {
            NonBlank(errors, "anchor", Anchor);
            errors.Required("placement", Placement);
        }
        else if (Anchor is not null || Placement is not null)
        {
            errors.Add(Anchor is not null ? "anchor" : "placement", "anchor and placement belong to insert amendments only.");
        }

        if (kind is AmendmentKind.Delete or AmendmentKind.Replace)
        {
            NonBlank(errors, "quote", Quote);
        }
        else if (Quote is not null)
        {
            errors.Add("quote", "quote belongs to delete and replace amendments only.");
        }

        if (kind is AmendmentKind.Insert or AmendmentKind.Replace or AmendmentKind.AddParagraph or AmendmentKind.ReplaceParagraph)
        {
            NonBlank(errors, "text", Text);
            if (Text is { Length: > Block.MaxTextLength } || Text?.Any(char.IsControl) == true)
            {
                errors.Add("text", $"The text is one line of at most {Block.MaxTextLength} characters.");
            }
        }
        else if (Text is not null)
        {
            errors.Add("text", "A deletion proposes no text.");
        }

        if (Occurrence is not null && kind is not (AmendmentKind.Insert or AmendmentKind.Delete or AmendmentKind.Replace))
        {
            errors.Add("occurrence", "occurrence belongs to amendments that quote text.");
        }
        else if (Occurrence < 1)
        {
            errors.Add("occurrence", "occurrence is 1-based.");
        }

        if ((Anchor ?? Quote) is { Length: > Block.MaxTextLength })
        {
            errors.Add(kind == AmendmentKind.Insert ? "anchor" : "quote", $"A quote is at most {Block.MaxTextLength} characters.");
        }
    }

    private static void NonBlank(ValidationErrors errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, $"The {field} is required and cannot be blank.");
        }
    }
}
