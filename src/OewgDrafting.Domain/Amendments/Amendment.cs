namespace OewgDrafting.Domain.Amendments;

public enum AmendmentStatus
{
    Proposed,
    Withdrawn,
    Accepted,
    Bracketed,
    Rejected,
    Merged,
    Superseded,

    /// <summary>A sub-amendment whose parent was withdrawn, rejected, merged or superseded before it was decided.</summary>
    Lapsed,
}

public sealed record AmendmentHistoryEntry(DateTimeOffset At, string Actor, string Action, string? Note);

/// <summary>
/// A delegation's proposal to change the text: what it targets (a quote in a paragraph version, or a
/// paragraph), what it asks, who proposed it and who co-sponsors it. Its status moves from
/// <c>proposed</c> to exactly one outcome; every step is kept in its history.
/// </summary>
public sealed class Amendment
{
    public const int MaxJustificationLength = 4_000;
    public const int MaxCosponsors = 200;

    private List<string> _cosponsors = [];
    private List<string> _invited = [];
    private List<AmendmentHistoryEntry> _history = [];

    private Amendment()
    {
        Proposer = SubmittedBy = Justification = string.Empty;
    }

    public Guid Id { get; private set; }
    public Guid DocumentId { get; private set; }

    /// <summary>A short number per document (A1, A2…) that people can say in the room.</summary>
    public int Number { get; private set; }

    public AmendmentKind Kind { get; private set; }

    /// <summary>For a sub-amendment, the pending amendment whose proposed words it changes (depth one: a parent has none).</summary>
    public Guid? ParentId { get; private set; }

    /// <summary>The paragraph it changes; for a new paragraph, the block it follows.</summary>
    public Guid BlockId { get; private set; }

    /// <summary>The version of that paragraph the amendment was written against (for a sub-amendment, of its parent).</summary>
    public int BaseVersion { get; private set; }

    /// <summary>For insert, the anchor; for delete and replace, the text targeted.</summary>
    public string? Quote { get; private set; }

    public Placement? Placement { get; private set; }

    /// <summary>The proposed text (insert, replace, new or replacing paragraph).</summary>
    public string? Text { get; private set; }

    /// <summary>1-based, when the quote occurs more than once.</summary>
    public int? Occurrence { get; private set; }

    /// <summary>How many times the quote occurred at the base version.</summary>
    public int BaseOccurrences { get; private set; }

    /// <summary>Where the targeted span started at the base version (orders amendments within a paragraph).</summary>
    public int AnchorStart { get; private set; }

    /// <summary>Where the targeted span ended at the base version: with the start, finds overlapping amendments without reading them.</summary>
    public int AnchorEnd { get; private set; }

    public string Justification { get; private set; }

    /// <summary>Who the amendment is attributed to: the delegation, or the group it spoke for.</summary>
    public string Proposer { get; private set; }

    /// <summary>The delegation whose key submitted it.</summary>
    public string SubmittedBy { get; private set; }

    /// <summary>Delegations that co-sponsor it, each having confirmed with its own key: the only ones attributions name.</summary>
    public IReadOnlyList<string> Cosponsors
    {
        get => _cosponsors;
        private set => _cosponsors = [.. value];
    }

    /// <summary>
    /// Delegations the proposer named as co-sponsors: invitations until each confirms (and becomes a co-sponsor) or
    /// declines. Co-sponsorship is a delegation's own act.
    /// </summary>
    public IReadOnlyList<string> Invited
    {
        get => _invited;
        private set => _invited = [.. value];
    }

    public AmendmentStatus Status { get; private set; }
    public DateTimeOffset ProposedAt { get; private set; }

    /// <summary>Tabled after its deadline, where the chair had opened late amendments.</summary>
    public bool Late { get; private set; }

    /// <summary>Entered in the meeting by the chair for the delegation that moved it orally (<see cref="SubmittedBy"/> says who entered it).</summary>
    public bool Oral { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public string? DecidedBy { get; private set; }
    public string? Reason { get; private set; }

    /// <summary>For a merged amendment: the chair's compromise proposal that replaced it.</summary>
    public Guid? MergedInto { get; private set; }

    /// <summary>For an accepted or bracketed new paragraph: the block it became.</summary>
    public Guid? ResultBlockId { get; private set; }

    public int Version { get; private set; }

    public IReadOnlyList<AmendmentHistoryEntry> History
    {
        get => _history;
        private set => _history = [.. value];
    }

    public bool IsPending => Status == AmendmentStatus.Proposed;

    public TextChange Change => new(Kind, Quote, Placement, Text, Occurrence);

    public static Amendment Propose(Guid id, Guid documentId, int number, TextChange change, Guid blockId, int baseVersion,
        int baseOccurrences, TextSpan anchor, string justification, string proposer, string submittedBy,
        IEnumerable<string> cosponsors, DateTimeOffset now, bool late = false, bool oral = false)
    {
        var amendment = new Amendment
        {
            Id = id,
            DocumentId = documentId,
            Number = number,
            Kind = change.Kind,
            BlockId = blockId,
            BaseVersion = baseVersion,
            Quote = change.Quote,
            Placement = change.Placement,
            Text = change.Text,
            Occurrence = change.Occurrence,
            BaseOccurrences = baseOccurrences,
            AnchorStart = anchor.Start,
            AnchorEnd = anchor.End,
            Justification = justification.Trim(),
            Proposer = proposer,
            SubmittedBy = submittedBy,
            _invited = cosponsors.Distinct().Where(c => c != proposer && c != submittedBy).ToList(),
            Status = AmendmentStatus.Proposed,
            ProposedAt = now,
            Late = late,
            Oral = oral,
            Version = 1,
        };
        amendment.Log(now, submittedBy, "proposed", oral ? $"moved orally by {proposer} in the meeting"
            : proposer == submittedBy ? null : $"on behalf of {proposer}");
        return amendment;
    }

    /// <summary>
    /// A sub-amendment: inserts, deletes or replaces words of <paramref name="parent"/>'s proposed text, as it reads at
    /// the parent's current version. Depth one: a sub-amendment is not amended in turn.
    /// </summary>
    public static Amendment ProposeSub(Guid id, Amendment parent, int number, TextChange change, string justification, string proposer,
        string submittedBy, IEnumerable<string> cosponsors, DateTimeOffset now, bool late = false)
    {
        parent.EnsurePending();
        if (parent.ParentId is not null)
        {
            throw new ConflictException($"A{parent.Number} is itself a sub-amendment (of another amendment); a sub-amendment is not amended in turn: amend its parent.",
                ["subAmendmentDepth"]);
        }

        if (!change.IsWithinParagraph)
        {
            throw new DomainValidationException("kind", "A sub-amendment inserts, deletes or replaces words of its parent's proposed text.");
        }

        if (parent.Text is not { Length: > 0 } words)
        {
            throw new ConflictException($"A{parent.Number} proposes no words ({parent.Kind}): there is nothing to sub-amend.", ["nothingToAmend"]);
        }

        var (span, occurrences) = parent.Locate(change, change.Kind == AmendmentKind.Insert ? "anchor" : "quote");
        AmendmentText.EnsureWellFormed(AmendmentText.Apply(words, span, change, bracketed: false), change.Kind == AmendmentKind.Insert ? "text" : "quote");
        AmendmentText.EnsureWellFormed(AmendmentText.Apply(words, span, change, bracketed: true), change.Kind == AmendmentKind.Insert ? "text" : "quote");
        var sub = Propose(id, parent.DocumentId, number, change, parent.BlockId, parent.Version, occurrences, span, justification, proposer,
            submittedBy, cosponsors, now, late);
        sub.ParentId = parent.Id;
        return sub;
    }

    /// <summary>
    /// Takes a sub-amendment into this amendment's proposed text (bracketed: as <c>[X / Y]</c>), re-anchoring it when the
    /// text changed since it was written; the sub-amendment is then accepted or bracketed.
    /// </summary>
    public void TakeSubAmendment(Amendment sub, bool bracketed, string actor, DateTimeOffset now)
    {
        EnsurePending();
        if (sub.ParentId != Id)
        {
            throw new InvalidOperationException($"A{sub.Number} is not a sub-amendment of A{Number}.");
        }

        TextSpan span;
        try
        {
            span = sub.BaseVersion == Version ? AmendmentText.Locate(Text!, sub.Change) : AmendmentText.Reanchor(Text!, sub.Change, sub.BaseOccurrences);
        }
        catch (AnchorException e)
        {
            throw new ConflictException($"Sub-amendment A{sub.Number} cannot be applied to A{Number}'s text as it now reads: {e.Message}", ["anchorConflict"]);
        }

        var text = AmendmentText.Apply(Text!, span, sub.Change, bracketed);
        if (!Domain.Text.BracketedText.TryParse(text, out _, out var error))
        {
            throw new ConflictException($"Sub-amendment A{sub.Number}, applied now, would leave A{Number}'s text with unbalanced brackets ({error!.Message}).", ["anchorConflict"]);
        }

        if (bracketed)
        {
            sub.ApplyBracketed(actor, now, null);
        }
        else
        {
            sub.Accept(actor, now, null);
        }

        Text = text;
        Touch(now, actor, "subAmended", $"A{sub.Number} of {sub.Proposer}{(bracketed ? ", bracketed" : string.Empty)}");
    }

    /// <summary>A pending sub-amendment whose parent fell before it was decided.</summary>
    public void Lapse(string actor, DateTimeOffset now, string reason) => Decide(AmendmentStatus.Lapsed, actor, now, reason);

    /// <summary>An amendment is accepted or bracketed only once its pending sub-amendments are decided: they may change its words.</summary>
    public void EnsureSubAmendmentsDecided(IReadOnlyCollection<Amendment> pendingSubAmendments)
    {
        if (pendingSubAmendments.Count > 0)
        {
            throw new ConflictException(
                $"Sub-amendments {string.Join(", ", pendingSubAmendments.OrderBy(s => s.Number).Select(s => $"A{s.Number} ({s.Proposer})"))} of A{Number} are pending: they are decided before their parent.",
                ["subAmendmentsPending"]);
        }
    }

    private (TextSpan Span, int Occurrences) Locate(TextChange change, string field)
    {
        try
        {
            var span = AmendmentText.Locate(Text!, change);
            return (span, AmendmentText.Occurrences(Text!, change.Anchor).Count);
        }
        catch (AnchorException e)
        {
            throw new DomainValidationException(field, e.Message.Replace("the paragraph", $"A{Number}'s proposed text", StringComparison.Ordinal));
        }
    }

    public void Cosponsor(string delegation, DateTimeOffset now)
    {
        EnsurePending();
        if (delegation == Proposer || delegation == SubmittedBy)
        {
            throw new ConflictException($"{delegation} proposed amendment A{Number}; a proposer does not co-sponsor its own amendment.", ["ownAmendment"]);
        }

        if (_cosponsors.Contains(delegation))
        {
            throw new ConflictException($"{delegation} already co-sponsors amendment A{Number}.", ["alreadyCosponsor"]);
        }

        if (_cosponsors.Count >= MaxCosponsors)
        {
            throw new ConflictException($"Amendment A{Number} has the maximum of {MaxCosponsors} co-sponsors.", ["tooManyCosponsors"]);
        }

        _invited = _invited.Where(c => c != delegation).ToList();
        _cosponsors = [.. _cosponsors, delegation];
        Touch(now, delegation, "cosponsored");
    }

    /// <summary>An invited delegation declines to co-sponsor.</summary>
    public void DeclineInvitation(string delegation, DateTimeOffset now)
    {
        EnsurePending();
        if (!_invited.Contains(delegation))
        {
            throw new ConflictException($"{delegation} was not invited to co-sponsor amendment A{Number}.", ["notInvited"]);
        }

        _invited = _invited.Where(c => c != delegation).ToList();
        Touch(now, delegation, "cosponsorshipDeclined");
    }

    public void WithdrawCosponsorship(string delegation, DateTimeOffset now)
    {
        EnsurePending();
        if (!_cosponsors.Contains(delegation))
        {
            throw new ConflictException($"{delegation} does not co-sponsor amendment A{Number}.", ["notCosponsor"]);
        }

        _cosponsors = _cosponsors.Where(c => c != delegation).ToList();
        Touch(now, delegation, "cosponsorshipWithdrawn");
    }

    /// <summary>Only its proposer withdraws an amendment; <paramref name="actsForProposer"/> says whether the caller does.</summary>
    public void Withdraw(string actor, bool actsForProposer, DateTimeOffset now)
    {
        if (!actsForProposer && actor != SubmittedBy)
        {
            throw new ForbiddenException($"Only {Proposer}, which proposed amendment A{Number}, can withdraw it.");
        }

        EnsurePending();
        Decide(AmendmentStatus.Withdrawn, actor, now, null);
    }

    public void Accept(string actor, DateTimeOffset now, Guid? resultBlockId) => Decide(AmendmentStatus.Accepted, actor, now, null, resultBlockId);

    public void ApplyBracketed(string actor, DateTimeOffset now, Guid? resultBlockId) => Decide(AmendmentStatus.Bracketed, actor, now, null, resultBlockId);

    public void Reject(string actor, DateTimeOffset now, string? reason) => Decide(AmendmentStatus.Rejected, actor, now, reason);

    public void MergeInto(Guid compromise, string actor, DateTimeOffset now)
    {
        Decide(AmendmentStatus.Merged, actor, now, null);
        MergedInto = compromise;
    }

    public void Supersede(string actor, DateTimeOffset now, string reason) => Decide(AmendmentStatus.Superseded, actor, now, reason);

    public void EnsurePending()
    {
        if (!IsPending)
        {
            throw new ConflictException($"Amendment A{Number} is {Status.ToString().ToLowerInvariant()}, no longer proposed.", ["amendmentNotPending"]);
        }
    }

    private void Decide(AmendmentStatus status, string actor, DateTimeOffset now, string? reason, Guid? resultBlockId = null)
    {
        EnsurePending();
        Status = status;
        DecidedAt = now;
        DecidedBy = actor;
        Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        ResultBlockId = resultBlockId;
        Touch(now, actor, status.ToString().ToLowerInvariant(), Reason);
    }

    private void Touch(DateTimeOffset now, string actor, string action, string? note = null)
    {
        Version++;
        Log(now, actor, action, note);
    }

    private void Log(DateTimeOffset now, string actor, string action, string? note) =>
        _history = [.. _history, new AmendmentHistoryEntry(now, actor, action, note)];
}
