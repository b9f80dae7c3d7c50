using OewgDrafting.Domain.Documents;

namespace OewgDrafting.Domain.Revisions;

public sealed record RevisionBlock(Guid Id, BlockKind Kind, int? Level, string? Label, string Text);

/// <summary>
/// An immutable snapshot issued by the chair: the zero draft (0), Rev.1, Rev.2…, and the final text frozen
/// at adoption. Any two can be compared.
/// </summary>
public sealed class Revision
{
    private List<RevisionBlock> _blocks = [];
    private List<FrontMatterLine> _frontMatter = [];

    private Revision()
    {
        Name = IssuedBy = Symbol = Title = Language = string.Empty;
    }

    public Guid Id { get; private set; }
    public Guid DocumentId { get; private set; }
    public int Number { get; private set; }

    /// <summary><c>Zero draft</c>, <c>Rev.1</c>…, or <c>Final</c>.</summary>
    public string Name { get; private set; }

    public DateTimeOffset IssuedAt { get; private set; }
    public string IssuedBy { get; private set; }
    public long DocumentVersion { get; private set; }
    public bool Renumbered { get; private set; }
    public bool Final { get; private set; }
    public string Symbol { get; private set; }
    public string Title { get; private set; }
    public string Language { get; private set; }

    public IReadOnlyList<FrontMatterLine> FrontMatter
    {
        get => _frontMatter;
        private set => _frontMatter = [.. value];
    }

    public IReadOnlyList<RevisionBlock> Blocks
    {
        get => _blocks;
        private set => _blocks = [.. value];
    }

    public static Revision Freeze(Guid id, Document document, IEnumerable<Block> blocks, int number, string issuedBy, DateTimeOffset now,
        bool renumbered, bool final) => new()
    {
        Id = id,
        DocumentId = document.Id,
        Number = number,
        Name = final ? "Final" : number == 0 ? "Zero draft" : $"Rev.{number}",
        IssuedAt = now,
        IssuedBy = issuedBy,
        DocumentVersion = document.Version,
        Renumbered = renumbered,
        Final = final,
        Symbol = document.Symbol,
        Title = document.Title,
        Language = document.Language,
        _frontMatter = [.. document.FrontMatter],
        _blocks = blocks.OrderBy(b => b.Position).Select(b => new RevisionBlock(b.Id, b.Kind, b.Level, b.Label, b.Text)).ToList(),
    };

    public Rendering.TextDocument ToTextDocument() =>
        new(Symbol, Title, Language, FrontMatter, Blocks.Select(b => new Rendering.TextBlock(b.Id, b.Kind, b.Level, b.Label, b.Text)).ToList());
}
