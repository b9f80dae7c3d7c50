namespace OewgDrafting.Domain.Silence;

public enum SilenceStatus
{
    /// <summary>Circulated; delegations may break silence until the deadline.</summary>
    Running,

    /// <summary>A delegation broke silence before the deadline.</summary>
    Broken,

    /// <summary>The deadline passed in silence; the outcome says what was agreed or adopted.</summary>
    Concluded,
}

/// <summary>
/// The chair circulates a text with a deadline; if no delegation breaks silence by then, the covered
/// paragraphs are agreed (or, for the whole document, it is adopted). Breaking silence is an objection
/// with a statement.
/// </summary>
public sealed class SilenceProcedure
{
    private List<Guid> _blockIds = [];

    private SilenceProcedure()
    {
        StartedBy = string.Empty;
    }

    public Guid Id { get; private set; }
    public Guid DocumentId { get; private set; }

    /// <summary>The whole document, or the listed blocks.</summary>
    public bool WholeDocument { get; private set; }

    public IReadOnlyList<Guid> BlockIds
    {
        get => _blockIds;
        private set => _blockIds = [.. value];
    }

    public DateTimeOffset StartedAt { get; private set; }
    public string StartedBy { get; private set; }
    public DateTimeOffset Deadline { get; private set; }
    public SilenceStatus Status { get; private set; }
    public string? BrokenBy { get; private set; }
    public DateTimeOffset? BrokenAt { get; private set; }
    public string? Statement { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>What happened at the deadline: which paragraphs were agreed, which could not be, whether the document was adopted.</summary>
    public string? Outcome { get; private set; }

    public static SilenceProcedure Start(Guid id, Guid documentId, IReadOnlyList<Guid>? blockIds, DateTimeOffset deadline, DateTimeOffset now,
        TimeSpan minimumDuration, string chair)
    {
        if (deadline - now < minimumDuration)
        {
            throw new DomainValidationException("deadline",
                $"The deadline must be at least {Describe(minimumDuration)} away (it is {Describe(deadline - now)} away).");
        }

        if (blockIds is { Count: 0 })
        {
            throw new DomainValidationException("blockIds", "List the paragraphs under silence, or omit blockIds for the whole document.");
        }

        return new SilenceProcedure
        {
            Id = id,
            DocumentId = documentId,
            WholeDocument = blockIds is null,
            _blockIds = blockIds?.Distinct().ToList() ?? [],
            StartedAt = now,
            StartedBy = chair,
            Deadline = deadline,
            Status = SilenceStatus.Running,
        };
    }

    public bool Covers(Guid blockId) => WholeDocument || _blockIds.Contains(blockId);

    public bool IsDue(DateTimeOffset now) => Status == SilenceStatus.Running && now >= Deadline;

    /// <summary>A delegation breaks silence before the deadline, with a statement.</summary>
    public void Break(string delegation, string statement, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(statement))
        {
            throw new DomainValidationException("statement", "Breaking silence is an objection with a statement: say why.");
        }

        if (Status != SilenceStatus.Running)
        {
            throw new ConflictException($"This silence procedure is already {Status.ToString().ToLowerInvariant()}.", ["silenceNotRunning"]);
        }

        if (now >= Deadline)
        {
            throw new ConflictException($"Silence ended at {Deadline:u}; it can no longer be broken.", ["silenceEnded"]);
        }

        Status = SilenceStatus.Broken;
        BrokenBy = delegation;
        BrokenAt = now;
        Statement = statement.Trim();
        ClosedAt = now;
        Outcome = $"Silence broken by {delegation}.";
    }

    public void Conclude(DateTimeOffset now, string outcome)
    {
        if (!IsDue(now))
        {
            throw new ConflictException("This silence procedure is not due.", ["silenceNotDue"]);
        }

        Status = SilenceStatus.Concluded;
        ClosedAt = now;
        Outcome = outcome;
    }

    private static string Describe(TimeSpan span) =>
        span.TotalHours >= 1 ? $"{Math.Floor(span.TotalHours)} h {span.Minutes} min" : $"{Math.Max(0, Math.Floor(span.TotalMinutes))} min";
}
