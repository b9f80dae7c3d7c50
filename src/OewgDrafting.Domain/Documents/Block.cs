using OewgDrafting.Domain.Text;

namespace OewgDrafting.Domain.Documents;

/// <summary>
/// A heading or a paragraph. Its id is stable across renumbering and edits elsewhere; its
/// <see cref="Version"/> starts at 1 and advances with each change to it, so that a writer who read
/// an older version is refused instead of silently overwriting someone else's change.
/// </summary>
public sealed class Block
{
    public const int MaxTextLength = 20_000;
    public const int MaxLabelLength = 40;

    private Block()
    {
        Text = string.Empty;
    }

    public Guid Id { get; private set; }
    public Guid DocumentId { get; private set; }
    public BlockKind Kind { get; private set; }

    /// <summary>1 for a top-level heading (<c>I.</c>, <c>Anexo</c>), 2 below it (<c>A.</c>); null for paragraphs.</summary>
    public int? Level { get; private set; }

    /// <summary><c>I.</c>, <c>A.</c>, <c>Anexo</c> for headings; <c>1</c>, <c>5 bis</c> for numbered paragraphs; null when unnumbered.</summary>
    public string? Label { get; private set; }

    public string Text { get; private set; }
    public BlockStatus Status { get; private set; }
    public int Version { get; private set; }

    /// <summary>Sort key within the document; sparse, so an insertion rarely moves other blocks.</summary>
    public long Position { get; private set; }

    /// <summary>Brackets in <see cref="Text"/>, nested ones included; placeholders count.</summary>
    public int OpenBrackets { get; private set; }

    /// <summary>Creates a block from an author's input: brackets must balance.</summary>
    public static Block Create(Guid id, Guid documentId, BlockKind kind, int? level, string? label, string text,
        long position, BlockStatus status)
    {
        Validate(kind, level, label, text, strict: true);
        return New(id, documentId, kind, level, label, text, position, status, BracketedText.Parse(text).BracketCount);
    }

    /// <summary>Creates a block from an imported real text: unbalanced brackets were reported as warnings and are kept.</summary>
    public static Block Import(Guid id, Guid documentId, BlockKind kind, int? level, string? label, string text,
        long position, BlockStatus status)
    {
        Validate(kind, level, label, text, strict: false);
        return New(id, documentId, kind, level, label, text, position, status, BracketedText.CountBrackets(text));
    }

    private static Block New(Guid id, Guid documentId, BlockKind kind, int? level, string? label, string text,
        long position, BlockStatus status, int openBrackets) => new()
    {
        Id = id,
        DocumentId = documentId,
        Kind = kind,
        Level = kind == BlockKind.Heading ? level ?? 1 : null,
        Label = NormaliseLabel(label),
        Text = text,
        Status = status,
        Version = 1,
        Position = position,
        OpenBrackets = openBrackets,
    };

    public bool IsNumberedParagraph => Kind == BlockKind.Paragraph && Label is not null;

    public void EnsureVersion(int expectedVersion)
    {
        if (expectedVersion != Version)
        {
            throw new StaleVersionException($"Block {Label ?? Id.ToString()}", expectedVersion, Version);
        }
    }

    /// <summary>The chair edits the text (and, optionally, the label) of a block that is still open to change.</summary>
    public void Edit(string text, string? label, bool changeLabel, int expectedVersion)
    {
        EnsureVersion(expectedVersion);
        EnsureEditable();
        var newLabel = changeLabel ? label : Label;
        Validate(Kind, Level, newLabel, text, strict: true);
        Text = text;
        Label = NormaliseLabel(newLabel);
        OpenBrackets = BracketedText.Parse(text).BracketCount;
        Version++;
    }

    /// <summary>Applies a decided change (an accepted or bracketed amendment) to an open paragraph.</summary>
    public void Revise(string text)
    {
        EnsureEditable();
        Validate(Kind, Level, Label, text, strict: true);
        Text = text;
        OpenBrackets = BracketedText.Parse(text).BracketCount;
        Version++;
    }

    /// <summary>Whether amendments and positions may target this block: it is open for negotiation.</summary>
    public void EnsureOpenForNegotiation()
    {
        if (Status != BlockStatus.Open)
        {
            throw new ConflictException(
                $"Paragraph {Label ?? Id.ToString()} is {StatusWord(Status)}: amendments and positions are accepted only on open paragraphs.",
                ["blockNotOpen"]);
        }
    }

    /// <summary>
    /// The chair agrees the paragraph ad referendum: only an open paragraph with no blocker (an open bracket,
    /// a pending amendment, a standing objection) can be agreed.
    /// </summary>
    public void Agree(Consensus.BlockBlockers blockers)
    {
        if (Status != BlockStatus.Open)
        {
            throw new ConflictException($"Paragraph {Label ?? Id.ToString()} is {StatusWord(Status)}; only an open paragraph can be agreed.", ["blockNotOpen"]);
        }

        if (blockers.BlocksAgreement)
        {
            throw new BlockedException($"Paragraph {Label ?? Id.ToString()} cannot be agreed: {blockers.Describe()}.", [blockers]);
        }

        Status = BlockStatus.AgreedAdRef;
    }

    /// <summary>The chair reopens an agreed paragraph.</summary>
    public void Reopen()
    {
        if (Status != BlockStatus.AgreedAdRef)
        {
            throw new ConflictException($"Paragraph {Label ?? Id.ToString()} is {StatusWord(Status)}; only an agreed paragraph can be reopened.", ["blockNotAgreed"]);
        }

        Status = BlockStatus.Open;
    }

    /// <summary>Adopted with the document: frozen forever.</summary>
    public void Adopt() => Status = BlockStatus.Adopted;

    /// <summary>A new label, for clean renumbering when the chair issues a revision.</summary>
    public void Relabel(string label)
    {
        Validate(Kind, Level, label, Text, strict: false);
        if (Label != label)
        {
            Label = label;
            Version++;
        }
    }

    public void Open()
    {
        if (Status == BlockStatus.Draft)
        {
            Status = BlockStatus.Open;
        }
    }

    internal static string StatusWord(BlockStatus status) => status switch
    {
        BlockStatus.Draft => "still a draft",
        BlockStatus.Open => "open",
        BlockStatus.AgreedAdRef => "agreed ad referendum",
        _ => "adopted",
    };

    public void EnsureEditable()
    {
        if (Status is BlockStatus.AgreedAdRef or BlockStatus.Adopted)
        {
            throw new ConflictException(
                $"Paragraph {Label ?? Id.ToString()} is {(Status == BlockStatus.Adopted ? "adopted" : "agreed ad referendum")}: it takes no edits until the chair reopens it.",
                ["blockNotOpen"]);
        }
    }

    public void MoveTo(long position) => Position = position;

    private static string? NormaliseLabel(string? label) => string.IsNullOrWhiteSpace(label) ? null : label.Trim();

    private static void Validate(BlockKind kind, int? level, string? label, string text, bool strict)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Enum.IsDefined(kind))
        {
            errors["kind"] = ["The kind must be 'heading' or 'paragraph'."];
        }

        if (text is null)
        {
            errors["text"] = ["The text is required."];
        }
        else if (text.Length > MaxTextLength)
        {
            errors["text"] = [$"A block's text is at most {MaxTextLength} characters."];
        }
        else if (text.Any(c => char.IsControl(c)))
        {
            errors["text"] = ["A block is one line of text without control characters; add another block for a new paragraph."];
        }
        else if (text.Length != text.Trim().Length)
        {
            errors["text"] = ["The text must not start or end with white space."];
        }
        else if (text.Length == 0 && (kind == BlockKind.Paragraph || string.IsNullOrWhiteSpace(label)))
        {
            errors["text"] = [kind == BlockKind.Paragraph ? "A paragraph needs text." : "A heading needs a label or a text."];
        }

        if (kind == BlockKind.Heading && level is { } l && l is < 1 or > 6)
        {
            errors["level"] = ["A heading's level is between 1 and 6."];
        }

        if (kind == BlockKind.Paragraph && level is not null)
        {
            errors["level"] = ["Only headings have a level."];
        }

        var trimmed = NormaliseLabel(label);
        if (trimmed is not null)
        {
            if (trimmed.Length > MaxLabelLength || trimmed.Any(char.IsControl))
            {
                errors["label"] = [$"A label is one line of at most {MaxLabelLength} characters."];
            }
            else if (kind == BlockKind.Paragraph && !ParagraphLabel.TryParse(trimmed, out _))
            {
                errors["label"] = ["A paragraph label is a number, optionally followed by bis, ter, quater…, such as '5' or '5 bis'."];
            }
        }

        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }

        if (strict && text is not null)
        {
            BracketedText.Parse(text);
        }
    }
}
