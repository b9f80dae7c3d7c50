namespace OewgDrafting.Domain.Documents;

/// <summary>
/// A negotiated text: symbol, title, language, front matter and status. Its blocks are separate
/// entities (a 1,000-paragraph report is not loaded whole for a one-word edit); the document's
/// <see cref="Version"/> advances with every change to it or to any of its blocks.
/// </summary>
public sealed class Document
{
    public const int MaxSymbolLength = 100;
    public const int MaxTitleLength = 2_000;
    public const int MaxFrontMatterLines = 50;
    public const int MaxBodyLength = 200;

    private List<FrontMatterLine> _frontMatter = [];

    private Document()
    {
        Symbol = Title = Language = string.Empty;
    }

    public Guid Id { get; private set; }
    public string Symbol { get; private set; }
    public string Title { get; private set; }

    /// <summary>BCP 47 tag such as <c>es</c> or <c>en</c>.</summary>
    public string Language { get; private set; }

    public DocumentStatus Status { get; private set; }

    /// <summary>A text negotiated here, or an earlier adopted text kept as a reference (read-only, searchable precedent).</summary>
    public DocumentKind Kind { get; private set; }

    /// <summary>The day it was adopted: set on adoption here, given on import for a reference text.</summary>
    public DateOnly? AdoptedOn { get; private set; }

    /// <summary>For a reference text, the body that adopted it (<c>General Assembly</c>); null when not given.</summary>
    public string? AdoptingBody { get; private set; }

    /// <summary>Starts at 1 on creation and advances by one with every change.</summary>
    public long Version { get; private set; }

    /// <summary>
    /// The version at which the clean text (blocks, labels, statuses, front matter) last changed. A proposal or a
    /// position advances <see cref="Version"/> but leaves the clean text as it was, so its renderings stay valid.
    /// </summary>
    public long TextVersion { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public IReadOnlyList<FrontMatterLine> FrontMatter
    {
        get => _frontMatter;
        private set => _frontMatter = [.. value];
    }

    public static Document Create(Guid id, string symbol, string title, string language,
        IEnumerable<FrontMatterLine> frontMatter, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        symbol = symbol?.Trim() ?? string.Empty;
        title = title?.Trim() ?? string.Empty;
        language = language?.Trim() ?? string.Empty;
        var lines = frontMatter?.ToList() ?? [];

        if (symbol.Length == 0) errors["symbol"] = ["A document needs a symbol, such as A/AC.292/2025/L.1."];
        else if (symbol.Length > MaxSymbolLength || symbol.Any(char.IsControl)) errors["symbol"] = [$"A symbol is one line of at most {MaxSymbolLength} characters."];
        if (title.Length == 0) errors["title"] = ["A document needs a title."];
        else if (title.Length > MaxTitleLength || title.Any(char.IsControl)) errors["title"] = [$"A title is one line of at most {MaxTitleLength} characters."];
        if (!LanguageTag.IsValid(language)) errors["language"] = ["The language must be a BCP 47 tag such as 'es', 'en' or 'fr'."];
        if (lines.Count > MaxFrontMatterLines) errors["frontMatter"] = [$"At most {MaxFrontMatterLines} front-matter lines."];
        for (var i = 0; i < lines.Count && i < MaxFrontMatterLines; i++)
        {
            var line = lines[i];
            if (string.IsNullOrWhiteSpace(line.Text) || line.Text.Any(char.IsControl) || line.Text.Length > MaxTitleLength)
                errors[$"frontMatter[{i}].text"] = ["A front-matter line is one non-empty line of text."];
            if (!FrontMatterLine.KnownKeys.Contains(line.Key))
                errors[$"frontMatter[{i}].key"] = [$"Unknown key '{line.Key}'; use one of: {string.Join(", ", FrontMatterLine.KnownKeys)}."];
        }

        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }

        return new Document
        {
            Id = id,
            Symbol = symbol,
            Title = title,
            Language = language,
            Status = DocumentStatus.Draft,
            Kind = DocumentKind.Negotiation,
            Version = 1,
            TextVersion = 1,
            CreatedAt = now,
            UpdatedAt = now,
            _frontMatter = lines,
        };
    }

    /// <summary>
    /// An earlier text adopted elsewhere (a resolution, a report), imported as a reference: adopted from the start,
    /// read-only, and precedent for agreed language.
    /// </summary>
    public static Document Reference(Guid id, string symbol, string title, string language, IEnumerable<FrontMatterLine> frontMatter,
        DateOnly? adoptedOn, string? adoptingBody, DateTimeOffset now)
    {
        adoptingBody = string.IsNullOrWhiteSpace(adoptingBody) ? null : adoptingBody.Trim();
        if (adoptingBody is not null && (adoptingBody.Length > MaxBodyLength || adoptingBody.Any(char.IsControl)))
        {
            throw new DomainValidationException("adoptedBy", $"The adopting body is one line of at most {MaxBodyLength} characters, such as 'General Assembly'.");
        }

        if (adoptedOn is { } day && day > DateOnly.FromDateTime(now.UtcDateTime).AddDays(1))
        {
            throw new DomainValidationException("adoptedOn", $"A reference text was adopted before it is imported; {day:yyyy-MM-dd} is in the future.");
        }

        var document = Create(id, symbol, title, language, frontMatter, now);
        document.Kind = DocumentKind.Reference;
        document.Status = DocumentStatus.Adopted;
        document.AdoptedOn = adoptedOn;
        document.AdoptingBody = adoptingBody;
        return document;
    }

    /// <summary>Blocks are created in the status that matches the document's; a reference text's are adopted.</summary>
    public BlockStatus NewBlockStatus => Status switch
    {
        DocumentStatus.Draft => BlockStatus.Draft,
        DocumentStatus.Negotiation => BlockStatus.Open,
        _ when Kind == DocumentKind.Reference => BlockStatus.Adopted,
        _ => throw Frozen(),
    };

    /// <summary>Only a document that is not adopted can change.</summary>
    public void EnsureNotAdopted()
    {
        if (Status == DocumentStatus.Adopted)
        {
            throw Frozen();
        }
    }

    public void Touch(DateTimeOffset now) => UpdatedAt = now;

    /// <summary>The change being recorded at <see cref="Version"/> alters the clean text.</summary>
    public void TextChanged() => TextVersion = Version;

    /// <summary>The chair opens the negotiation: draft → negotiation.</summary>
    public void OpenNegotiation()
    {
        if (Kind == DocumentKind.Reference)
        {
            throw new ConflictException($"Document {Symbol} is a reference text: it was adopted elsewhere and is read-only.", ["documentAdopted"]);
        }

        if (Status != DocumentStatus.Draft)
        {
            throw new ConflictException($"Document {Symbol} is already {(Status == DocumentStatus.Negotiation ? "in negotiation" : "adopted")}; only a draft can be opened.", ["documentNotDraft"]);
        }

        Status = DocumentStatus.Negotiation;
    }

    /// <summary>Adoption by consensus: the document is frozen forever.</summary>
    public void Adopt(Consensus.ConsensusPicture picture, DateTimeOffset now)
    {
        EnsureInNegotiation();
        if (!picture.CanAdopt)
        {
            throw new BlockedException($"Document {Symbol} cannot be adopted by consensus: {picture.Totals.Describe()}. Nothing is agreed until everything is agreed.",
                picture.Blockers);
        }

        Status = DocumentStatus.Adopted;
        AdoptedOn = DateOnly.FromDateTime(now.UtcDateTime);
    }

    /// <summary>Amendments and positions are accepted only while the document is negotiated.</summary>
    public void EnsureInNegotiation() => EnsureInNegotiation(Status, Symbol);

    /// <summary>The same rule for a document known by its status and symbol only.</summary>
    public static void EnsureInNegotiation(DocumentStatus status, string symbol)
    {
        if (status != DocumentStatus.Negotiation)
        {
            throw new ConflictException(status == DocumentStatus.Draft
                ? $"Document {symbol} is still a draft: the chair opens the negotiation before amendments and positions are accepted."
                : $"Document {symbol} was adopted and is frozen.", [status == DocumentStatus.Draft ? "documentNotOpen" : "documentAdopted"]);
        }
    }

    private ConflictException Frozen() =>
        new($"Document {Symbol} was adopted and is frozen: no further changes are possible.", ["documentAdopted"]);
}

public static class LanguageTag
{
    /// <summary>A pragmatic BCP 47 check: a 2–3 letter primary tag and optional 1–8 character subtags.</summary>
    public static bool IsValid(string? tag)
    {
        if (string.IsNullOrEmpty(tag) || tag.Length > 35)
        {
            return false;
        }

        var parts = tag.Split('-');
        if (parts[0].Length is < 2 or > 3 || !parts[0].All(char.IsAsciiLetter))
        {
            return false;
        }

        return parts.Skip(1).All(p => p.Length is >= 1 and <= 8 && p.All(char.IsAsciiLetterOrDigit));
    }
}
