namespace OewgDrafting.Domain.Positions;

public enum Stance
{
    Support,
    Oppose,

    /// <summary>Goes along, with a reservation on record.</summary>
    Reserve,
    NoObjection,
    AwaitingInstructions,

    /// <summary>For a bracket: keep this alternative (or the bracketed text).</summary>
    Retain,

    /// <summary>For a bracket: drop this alternative (or the bracketed text).</summary>
    Delete,
}

public enum PositionTarget
{
    Block,
    Amendment,
    Bracket,
}

/// <summary>
/// One delegation's current stance on a paragraph, an amendment or a bracket, with an optional statement.
/// The latest counts; earlier ones stay in the event log. Only <c>oppose</c> blocks consensus.
/// </summary>
public sealed class Position
{
    public const int MaxStatementLength = 4_000;

    private Position()
    {
        Delegation = string.Empty;
    }

    public Guid Id { get; private set; }
    public Guid DocumentId { get; private set; }
    public PositionTarget Target { get; private set; }

    /// <summary>The block (for block and bracket positions) or the amendment.</summary>
    public Guid TargetId { get; private set; }

    /// <summary>For a bracket: its index in the paragraph, at <see cref="BlockVersion"/>.</summary>
    public int? BracketIndex => BracketKey < 0 ? null : BracketKey;

    /// <summary>The bracket index, or -1 for a position on a paragraph or an amendment (a key column cannot be null everywhere).</summary>
    public int BracketKey { get; private set; } = -1;

    public static int KeyOf(int? bracketIndex) => bracketIndex ?? -1;

    /// <summary>For a bracket: the alternative the stance is about (0-based); null for the bracket as a whole.</summary>
    public int? Alternative { get; private set; }

    /// <summary>For a bracket: the paragraph version it was taken on; a later text makes it stale.</summary>
    public int? BlockVersion { get; private set; }

    public string Delegation { get; private set; }
    public Stance Stance { get; private set; }
    public string? Statement { get; private set; }
    public DateTimeOffset At { get; private set; }

    public static Position Take(Guid id, Guid documentId, PositionTarget target, Guid targetId, int? bracketIndex, int? alternative,
        int? blockVersion, string delegation, Stance stance, string? statement, DateTimeOffset now)
    {
        Validate(target, stance, statement);
        return new Position
        {
            Id = id,
            DocumentId = documentId,
            Target = target,
            TargetId = targetId,
            BracketKey = KeyOf(bracketIndex),
            Alternative = alternative,
            BlockVersion = blockVersion,
            Delegation = delegation,
            Stance = stance,
            Statement = Normalise(statement),
            At = now,
        };
    }

    public void Change(Stance stance, string? statement, int? alternative, int? blockVersion, DateTimeOffset now)
    {
        Validate(Target, stance, statement);
        Stance = stance;
        Statement = Normalise(statement);
        Alternative = alternative;
        BlockVersion = blockVersion;
        At = now;
    }

    private static string? Normalise(string? statement) => string.IsNullOrWhiteSpace(statement) ? null : statement.Trim();

    private static void Validate(PositionTarget target, Stance stance, string? statement)
    {
        var bracketStance = stance is Stance.Retain or Stance.Delete;
        if (target == PositionTarget.Bracket && !bracketStance)
        {
            throw new DomainValidationException("stance", "A position on a bracket is retain or delete.");
        }

        if (target != PositionTarget.Bracket && bracketStance)
        {
            throw new DomainValidationException("stance", "retain and delete are positions on brackets; on a paragraph or an amendment use support, oppose, reserve, noObjection or awaitingInstructions.");
        }

        if (statement is { Length: > MaxStatementLength })
        {
            throw new DomainValidationException("statement", $"A statement is at most {MaxStatementLength} characters.");
        }
    }
}

/// <summary>An explanation of position, recorded on the adoption record.</summary>
public sealed class Explanation
{
    private Explanation()
    {
        Delegation = Text = string.Empty;
    }

    public Guid Id { get; private set; }
    public Guid DocumentId { get; private set; }
    public string Delegation { get; private set; }
    public Guid? BlockId { get; private set; }
    public string Text { get; private set; }
    public DateTimeOffset At { get; private set; }

    public static Explanation Record(Guid id, Guid documentId, string delegation, Guid? blockId, string text, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 20_000)
        {
            throw new DomainValidationException("text", "An explanation of position is 1 to 20,000 characters.");
        }

        return new Explanation { Id = id, DocumentId = documentId, Delegation = delegation, BlockId = blockId, Text = text.Trim(), At = now };
    }
}
