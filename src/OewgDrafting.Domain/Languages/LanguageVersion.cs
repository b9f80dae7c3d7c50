using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Text;

namespace OewgDrafting.Domain.Languages;

/// <summary>
/// A document in another language than its original: its own title and front matter, and one
/// <see cref="TranslatedBlock"/> per original block that has been translated. Only the original is negotiated.
/// </summary>
public sealed class LanguageVersion
{
    private List<FrontMatterLine> _frontMatter = [];

    private LanguageVersion()
    {
        Language = Title = CreatedBy = string.Empty;
    }

    public Guid DocumentId { get; private set; }

    /// <summary>BCP 47 tag: <c>ar</c>, <c>zh</c>, <c>en</c>, <c>fr</c>, <c>ru</c>, <c>es</c> or another.</summary>
    public string Language { get; private set; }

    public string Title { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public string CreatedBy { get; private set; }

    public IReadOnlyList<FrontMatterLine> FrontMatter
    {
        get => _frontMatter;
        private set => _frontMatter = [.. value];
    }

    public static LanguageVersion Create(Document original, string language, string title, IEnumerable<FrontMatterLine> frontMatter,
        string actor, DateTimeOffset now)
    {
        language = Normalise(language);
        if (!LanguageTag.IsValid(language))
        {
            throw new DomainValidationException("language", "The language must be a BCP 47 tag such as 'ar', 'zh', 'en', 'fr', 'ru' or 'es'.");
        }

        if (string.Equals(language, Normalise(original.Language), StringComparison.Ordinal))
        {
            throw new ConflictException($"{language} is the original language of {original.Symbol}: the original is the document itself.",
                ["originalLanguage"]);
        }

        title = title.Trim();
        if (title.Length is 0 or > Document.MaxTitleLength || title.Any(char.IsControl))
        {
            throw new DomainValidationException("title", "A language version needs a title of one line.");
        }

        return new LanguageVersion
        {
            DocumentId = original.Id,
            Language = language,
            Title = title,
            CreatedAt = now,
            CreatedBy = actor,
            _frontMatter = [.. frontMatter.Take(Document.MaxFrontMatterLines)],
        };
    }

    /// <summary>Language tags compare case-insensitively; stored in their usual case (<c>zh-Hant</c> stays as written, <c>ES</c> becomes <c>es</c>).</summary>
    public static string Normalise(string language)
    {
        var parts = language.Trim().Split('-');
        parts[0] = parts[0].ToLowerInvariant();
        return string.Join('-', parts);
    }
}

/// <summary>Whether a language version's block says what the original says now.</summary>
public enum TranslationState
{
    /// <summary>Translates the original block's current version.</summary>
    Current,

    /// <summary>Translates an older version: the original changed since (an edit, an amendment, a resolved bracket, renumbering).</summary>
    Outdated,

    /// <summary>Not translated yet (a paragraph added to the original, such as 5 bis).</summary>
    Missing,
}

/// <summary>
/// One block of a language version, aligned to the original block with the same id, and the original block's
/// version it translates. When the original moves on, the translation is outdated until a translator updates it.
/// </summary>
public sealed class TranslatedBlock
{
    private TranslatedBlock()
    {
        Language = Text = UpdatedBy = string.Empty;
    }

    public Guid DocumentId { get; private set; }
    public string Language { get; private set; }

    /// <summary>The original block's id: a translated block is aligned to exactly one original block.</summary>
    public Guid BlockId { get; private set; }

    /// <summary>A heading's label in this language (<c>Annex</c> for <c>Anexo</c>); a paragraph keeps the original's number.</summary>
    public string? Label { get; private set; }

    public string Text { get; private set; }

    /// <summary>The original block's version this text translates.</summary>
    public int TranslatesVersion { get; private set; }

    /// <summary>Starts at 1 and advances with each change, for optimistic concurrency between translators.</summary>
    public int Version { get; private set; }

    /// <summary>Brackets in the translation, counted like the original's.</summary>
    public int OpenBrackets { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }
    public string UpdatedBy { get; private set; }

    public static TranslatedBlock Create(Guid documentId, string language, Block original, string? label, string text, string actor,
        DateTimeOffset now, bool strict)
    {
        Validate(text, strict);
        return new TranslatedBlock
        {
            DocumentId = documentId,
            Language = language,
            BlockId = original.Id,
            Label = original.Kind == BlockKind.Paragraph ? original.Label : label ?? original.Label,
            Text = text,
            TranslatesVersion = original.Version,
            Version = 1,
            OpenBrackets = strict ? BracketedText.Parse(text).BracketCount : BracketedText.CountBrackets(text),
            UpdatedAt = now,
            UpdatedBy = actor,
        };
    }

    /// <summary>A translator's update: the new text and the original version it now translates (which must be the current one).</summary>
    public void Update(Block original, string? label, string text, int translatesVersion, int expectedVersion, string actor, DateTimeOffset now)
    {
        if (expectedVersion != Version)
        {
            throw new StaleVersionException($"The {Language} translation of block {original.Label ?? original.Id.ToString()}", expectedVersion, Version);
        }

        EnsureTranslatesCurrent(original, translatesVersion);
        Validate(text, strict: true);
        Text = text;
        Label = original.Kind == BlockKind.Paragraph ? original.Label : label ?? Label;
        TranslatesVersion = translatesVersion;
        OpenBrackets = BracketedText.Parse(text).BracketCount;
        Version++;
        UpdatedAt = now;
        UpdatedBy = actor;
    }

    public TranslationState StateAgainst(Block original) =>
        TranslatesVersion >= original.Version ? TranslationState.Current : TranslationState.Outdated;

    /// <summary>A translation names the original version it translates; only the current one can be named.</summary>
    public static void EnsureTranslatesCurrent(Block original, int translatesVersion)
    {
        if (translatesVersion != original.Version)
        {
            throw new ConflictException(
                $"Block {original.Label ?? original.Id.ToString()} of the original is at version {original.Version}; a translation of version {translatesVersion} "
                + "would not say what the original says now. Read the original again and translate its current version.",
                ["originalChanged"]);
        }
    }

    private static void Validate(string text, bool strict)
    {
        if (text is null || text.Length > Block.MaxTextLength || text.Any(char.IsControl) || text.Length != text.Trim().Length)
        {
            throw new DomainValidationException("text", $"A translated block is one line of at most {Block.MaxTextLength} characters, without leading or trailing white space.");
        }

        if (strict)
        {
            BracketedText.Parse(text);
        }
    }
}

/// <summary>How far a language version is behind the original: its blocks current, outdated and missing.</summary>
public sealed record LanguageStanding(string Language, int Current, int Outdated, int Missing);
