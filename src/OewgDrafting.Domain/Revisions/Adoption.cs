namespace OewgDrafting.Domain.Revisions;

public sealed record Reservation(string Delegation, string Target, Guid TargetId, string? Label, string? Statement);

public sealed record ExplanationOfPosition(string Delegation, Guid? BlockId, string Text, DateTimeOffset At);

/// <summary>The adoption record: when and how the document was adopted, its final revision, and the reservations and explanations of position.</summary>
public sealed class Adoption
{
    private List<Reservation> _reservations = [];
    private List<ExplanationOfPosition> _explanations = [];
    private List<LanguageAtAdoption> _languages = [];

    private Adoption()
    {
        AdoptedBy = Method = string.Empty;
    }

    public Guid DocumentId { get; private set; }
    public DateTimeOffset AdoptedAt { get; private set; }
    public string AdoptedBy { get; private set; }

    /// <summary><c>consensus</c>, or <c>silence procedure</c> when a procedure on the whole document concluded.</summary>
    public string Method { get; private set; }

    public int FinalRevision { get; private set; }
    public long DocumentVersion { get; private set; }

    public IReadOnlyList<Reservation> Reservations
    {
        get => _reservations;
        private set => _reservations = [.. value];
    }

    public IReadOnlyList<ExplanationOfPosition> Explanations
    {
        get => _explanations;
        private set => _explanations = [.. value];
    }

    /// <summary>
    /// The hash of the document's last event before its adoption (<see cref="Events.EventChain"/>), and its sequence: anyone
    /// holding a copy of the log can check that the history that led to the adopted text is the one recorded here.
    /// </summary>
    public string? HeadHash { get; private set; }

    public long HeadSequence { get; private set; }

    /// <summary>Each language version, and whether it said what the adopted original says (nothing outdated or missing).</summary>
    public IReadOnlyList<LanguageAtAdoption> Languages
    {
        get => _languages;
        private set => _languages = [.. value];
    }

    public static Adoption Record(Guid documentId, DateTimeOffset at, string by, string method, int finalRevision, long documentVersion,
        IEnumerable<Reservation> reservations, IEnumerable<ExplanationOfPosition> explanations, IEnumerable<LanguageAtAdoption>? languages = null,
        string? headHash = null, long headSequence = 0) => new()
    {
        HeadHash = headHash,
        HeadSequence = headSequence,
        DocumentId = documentId,
        AdoptedAt = at,
        AdoptedBy = by,
        Method = method,
        FinalRevision = finalRevision,
        DocumentVersion = documentVersion,
        _reservations = reservations.ToList(),
        _explanations = explanations.ToList(),
        _languages = languages?.ToList() ?? [],
    };
}

/// <summary>A language version at adoption: current when every block translates the adopted original.</summary>
public sealed record LanguageAtAdoption(string Language, bool Current, int Outdated, int Missing);
