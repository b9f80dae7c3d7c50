using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Auth;
using OewgDrafting.Api.Infrastructure.Behaviours;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Amendments;
using OewgDrafting.Domain.Delegations;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Meetings;
using OewgDrafting.Domain.Text;

namespace OewgDrafting.Api.Features.Amendments;

/// <summary>
/// A delegation (for itself, or a group it belongs to) or the chair tables an amendment; or the chair enters an oral
/// amendment that a delegation moved in the meeting (<see cref="Command.MovedOrallyBy"/>). A delegation's amendment after
/// its tabling deadline is refused, or taken and marked late where the chair opened late amendments (<see cref="TablingRule"/>).
/// </summary>
public static class ProposeAmendment
{
    public sealed record Command(Guid DocumentId, ChangeSpec Change, string? Justification, string? OnBehalfOf,
        IReadOnlyList<string>? Cosponsors) : ICommand<Proposed>, IDocumentCommand, IActsForDelegation
    {
        public string? ActingFor => OnBehalfOf;

        /// <summary>Set by the chair's oral-amendment endpoint: the delegation the amendment is attributed to.</summary>
        public string? MovedOrallyBy { get; init; }
    }

    public sealed class Validator : IValidator<Command>
    {
        public void Validate(Command message, ValidationErrors errors)
        {
            message.Change.Validate(errors);
            if (message.Justification is { Length: > Amendment.MaxJustificationLength })
            {
                errors.Add("justification", $"A justification is at most {Amendment.MaxJustificationLength} characters.");
            }

            if (message.Cosponsors is { Count: > Amendment.MaxCosponsors })
            {
                errors.Add("cosponsors", $"At most {Amendment.MaxCosponsors} co-sponsors.");
            }

            if (message.MovedOrallyBy is { } moved && (string.IsNullOrWhiteSpace(moved) || moved.Length > 12))
            {
                errors.Add("delegation", "Name the delegation that moved the amendment by its code, e.g. ESP.");
            }
        }
    }

    /// <summary>
    /// Returns the stored amendment once its batch is committed. What only decorates the answer (its preview and
    /// collisions) is computed afterwards by <see cref="DescribeProposal"/>, outside the document's queue.
    /// </summary>
    public sealed record Proposed(Amendment Amendment, Prepared Prepared)
    {
        /// <summary>The paragraph as read before the turn when it did not change since (else null). Known once the command is saved.</summary>
        public Block? Paragraph => Prepared.Paragraph.Version == Prepared.BlockVersionAtTurn ? Prepared.Paragraph : null;
    }

    public sealed class Handler(DraftingDbContext db, EventJournal journal, Infrastructure.Caching.BlockSnapshots snapshots,
        Infrastructure.Caching.DocumentHeads heads, PresidingCheck presiding)
        : ICommandHandler<Command, Proposed>
    {
        public async ValueTask<Proposed> Handle(Command command, CancellationToken cancellationToken)
        {
            var oral = command.MovedOrallyBy?.Trim().ToUpperInvariant();
            var proposer = oral ?? command.OnBehalfOf?.Trim().ToUpperInvariant() ?? journal.ActorCode;
            if (oral is not null && !await db.Delegations.AnyAsync(d => d.Code == oral && d.Active
                    && (d.Kind == DelegationKind.MemberState || d.Kind == DelegationKind.Group), cancellationToken))
            {
                throw new DomainValidationException("delegation", $"{oral} is not an active member state or group.");
            }

            if (oral is not null && command.Change.Target is { } target)
            {
                await presiding.EnsureAsync(command.DocumentId, target, "enter an oral amendment there");
            }

            // Everything that only reads is checked before the command takes its turn (OpenDocumentAsync), so that the
            // part inside the queue (number, insert, event) stays short.
            var prepared = await PrepareAsync(db, command.DocumentId, command.Change, proposer, command.Cosponsors ?? [], cancellationToken,
                snapshots, heads);
            // Deadlines bind what delegations table; the chair's own proposals and the oral amendments it enters are not tabled.
            var tabling = oral is null && journal.ActorCode != Delegation.ChairCode
                ? await Meetings.TablingDeadlines.JudgeAsync(db, prepared.Paragraph, command.Change.Kind == AmendmentKind.AddParagraph, journal.Now, cancellationToken)
                : Tabling.OnTime;
            // One statement advances the document and re-reads the paragraph's state (and the last number): one round trip,
            // or none when the paragraph is known to be as it was read (TurnReads.HoldsAt).
            var reads = new TurnState(db.Model, prepared, command.DocumentId, journal);
            var document = await journal.AdvanceDocumentAsync(command.DocumentId, reads, cancellationToken);
            var amendment = Create(db, journal, document.Id, document.EnsureInNegotiation, prepared, reads, command.Justification, proposer,
                late: tabling == Tabling.Late, oral: oral is not null);
            journal.Record(document, EventType.AmendmentProposed, Snapshot(amendment), amendment.Id, amendment.BlockId);
            return new Proposed(amendment, prepared);
        }
    }

    public static object Snapshot(Amendment a) => new
    {
        AmendmentId = a.Id,
        a.Number,
        a.Kind,
        a.ParentId,
        a.BlockId,
        a.BaseVersion,
        a.Quote,
        a.Placement,
        a.Text,
        a.Occurrence,
        a.Proposer,
        a.SubmittedBy,
        a.Cosponsors,
        a.Invited,
        a.Justification,
        a.Late,
        a.Oral,
    };

    /// <summary>What an amendment was checked to be, before its number is given under the document's lock.</summary>
    public sealed record Prepared(TextChange Change, Block Paragraph, int BaseVersion, int Occurrences, TextSpan Anchor,
        IReadOnlyList<string> Cosponsors)
    {
        public Guid BlockId => Paragraph.Id;

        /// <summary>The paragraph's version when the command re-checked it in its turn.</summary>
        public int? BlockVersionAtTurn { get; set; }

        /// <summary>
        /// The document's text version this instance knew just before the paragraph was read (null when unknown): while
        /// the text is still at that version, the paragraph is still as read (see <see cref="Infrastructure.Caching.BlockSnapshots"/>).
        /// </summary>
        public long? ReadAtTextVersion { get; init; }
    }

    private static readonly Func<DraftingDbContext, Guid, Guid, CancellationToken, Task<Block?>> BlockOf =
        EF.CompileAsyncQuery((DraftingDbContext db, Guid blockId, Guid documentId, CancellationToken _) =>
            db.Blocks.AsNoTracking().SingleOrDefault(b => b.Id == blockId && b.DocumentId == documentId));

    /// <summary>
    /// Checks an amendment against the rules and the paragraph version it was written for, reading only.
    /// Shared with the chair's merged compromise proposals.
    /// </summary>
    public static async Task<Prepared> PrepareAsync(DraftingDbContext db, Guid documentId, ChangeSpec spec, string proposer,
        IReadOnlyList<string> cosponsors, CancellationToken cancellationToken, Infrastructure.Caching.BlockSnapshots? snapshots = null,
        Infrastructure.Caching.DocumentHeads? heads = null)
    {
        // Only the paragraph is read here: the document's status is checked in the turn, where it is authoritative (on
        // PostgreSQL the document's row changes with every batch, and reading it costs every reader its dead versions).
        // The reasons for a miss are told apart only on a miss. A snapshot serves when it is open and at the version the
        // amendment names (see BlockSnapshots); a new paragraph records the current version of the one it follows, so
        // that is always read.
        var target = spec.Target!.Value;
        // Known before the paragraph is read, never after: the paragraph is then at least as new as this text version.
        var textVersion = heads?.KnownTextVersion(documentId);
        var snapshot = spec.Kind != AmendmentKind.AddParagraph && spec.BaseVersion is { } named
            ? snapshots?.Open(target, documentId, named, textVersion)
            : null;
        var found = snapshot?.Block;
        var readAt = snapshot?.TextVersion;
        if (found is null)
        {
            var generation = snapshots?.Generation ?? 0;
            found = await BlockOf(db, target, documentId, cancellationToken);
            readAt = textVersion;
            if (found is not null)
            {
                snapshots?.Keep(found, generation, textVersion);
            }
        }

        if (found is null)
        {
            var document = await db.Documents.AsNoTracking().SingleOrDefaultAsync(d => d.Id == documentId, cancellationToken)
                ?? throw new NotFoundException("Document", documentId);
            document.EnsureInNegotiation();
            throw new DomainValidationException(spec.Kind == AmendmentKind.AddParagraph ? "afterBlockId" : "blockId",
                $"Block '{target}' is not a block of this document.");
        }

        var block = found;
        var change = spec.ToChange();
        if (change.Text is not null)
        {
            BracketedText.Parse(change.Text);
        }

        var baseVersion = spec.Kind == AmendmentKind.AddParagraph ? block.Version : spec.BaseVersion!.Value;
        var occurrences = 0;
        var anchor = default(TextSpan);
        if (spec.Kind != AmendmentKind.AddParagraph)
        {
            block.EnsureOpenForNegotiation();
            if (baseVersion > block.Version)
            {
                throw new DomainValidationException("baseVersion", $"Paragraph {block.Label ?? "(unnumbered)"} is at version {block.Version}; version {baseVersion} does not exist yet.");
            }

            var baseText = baseVersion == block.Version
                ? block.Text
                : (await db.BlockRevisions.AsNoTracking().SingleOrDefaultAsync(r => r.BlockId == block.Id && r.Version == baseVersion, cancellationToken))?.Text
                  ?? throw new DomainValidationException("baseVersion", $"Version {baseVersion} of the paragraph is not known.");
            if (change.IsWithinParagraph)
            {
                var span = AmendmentText.Locate(baseText, change);
                occurrences = AmendmentText.Occurrences(baseText, change.Anchor).Count;
                anchor = span;
                var field = spec.Kind == AmendmentKind.Insert ? "text" : "quote";
                AmendmentText.EnsureWellFormed(AmendmentText.Apply(baseText, span, change, bracketed: false), field);
                AmendmentText.EnsureWellFormed(AmendmentText.Apply(baseText, span, change, bracketed: true), field);
            }
        }

        var codes = await CosponsorsAsync(db, cosponsors, proposer, cancellationToken);
        return new Prepared(change, block, baseVersion, occurrences, anchor, codes) { ReadAtTextVersion = readAt };
    }

    /// <summary>The invited co-sponsors, upper-cased: active member states or groups other than the proposer.</summary>
    public static async Task<List<string>> CosponsorsAsync(DraftingDbContext db, IReadOnlyList<string> cosponsors, string proposer,
        CancellationToken cancellationToken)
    {
        var codes = cosponsors.Select(c => c?.Trim().ToUpperInvariant() ?? string.Empty).Distinct().ToList();
        if (codes.Count > 0)
        {
            var known = await db.Delegations.AsNoTracking()
                .Where(d => codes.Contains(d.Code) && d.Active && (d.Kind == DelegationKind.MemberState || d.Kind == DelegationKind.Group))
                .Select(d => d.Code).ToListAsync(cancellationToken);
            var unknown = codes.Except(known).ToList();
            if (unknown.Count > 0)
            {
                throw new DomainValidationException("cosponsors", $"Not active member states or groups: {string.Join(", ", unknown)}.");
            }

            if (codes.Contains(proposer))
            {
                throw new DomainValidationException("cosponsors", $"{proposer} proposes the amendment; it does not co-sponsor it too.");
            }
        }

        return codes;
    }

    /// <summary>
    /// What a new amendment re-checks in its turn, where it can no longer change: its paragraph's version and status now,
    /// and, unless an earlier command of the batch numbered one, the document's last amendment number. Whether one did
    /// is asked once the turn is taken, when the statement is built.
    /// </summary>
    public sealed class TurnState(Microsoft.EntityFrameworkCore.Metadata.IModel model, Prepared prepared, Guid documentId, EventJournal journal)
        : TurnReads
    {
        private const string BlockSql = "SELECT \"Version\", \"Status\" FROM \"blocks\" WHERE \"Id\" = @block";
        private readonly Lazy<int?> _known = new(() => journal.KnownLastAmendmentNumber(documentId), LazyThreadSafetyMode.None);
        private int? _lastRead;

        private int? KnownLastNumber => _known.Value;

        public int? BlockVersion { get; private set; }
        public string? BlockStatus { get; private set; }

        /// <summary>The last number taken in this batch, else the one read in the turn.</summary>
        public int LastNumber => KnownLastNumber ?? _lastRead ?? 0;

        public override string Sql => KnownLastNumber is null
            ? BlockSql + "; SELECT MAX(\"Number\") FROM \"amendments\" WHERE \"DocumentId\" = @document"
            : BlockSql;

        public override void Bind(System.Data.Common.DbCommand command)
        {
            PreparedStatements.Bind(command, "@block", model.FindEntityType(typeof(Block))!.FindProperty(nameof(Block.Id))!, prepared.BlockId);
            if (KnownLastNumber is null)
            {
                PreparedStatements.Bind(command, "@document", model.FindEntityType(typeof(Amendment))!.FindProperty(nameof(Amendment.DocumentId))!, documentId);
            }
        }

        public override async Task ReadAsync(System.Data.Common.DbDataReader reader, CancellationToken cancellationToken)
        {
            if (await PreparedStatements.NextRowsAsync(reader, first: false, cancellationToken) && await reader.ReadAsync(cancellationToken))
            {
                (BlockVersion, BlockStatus) = (reader.GetInt32(0), reader.GetString(1));
            }

            if (KnownLastNumber is null && await PreparedStatements.NextRowsAsync(reader, first: false, cancellationToken) && await reader.ReadAsync(cancellationToken))
            {
                _lastRead = reader.IsDBNull(0) ? 0 : Convert.ToInt32(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        public override bool MayHold => prepared.ReadAtTextVersion is not null;

        /// <summary>
        /// The paragraph was read while the document's text stood at <paramref name="textVersion"/>, so it is still as read,
        /// and the batch knows the last number: nothing is left to read.
        /// </summary>
        public override bool HoldsAt(long textVersion) => prepared.ReadAtTextVersion == textVersion && KnownLastNumber is not null;

        /// <summary>Refuses the amendment when its paragraph was deleted or closed while it was being checked.</summary>
        public void Verify()
        {
            if (BlockVersion is not { } version)
            {
                throw new ConflictException("The paragraph was deleted while the amendment was being checked.", ["blockGone"]);
            }

            if (prepared.Change.Kind != AmendmentKind.AddParagraph && BlockStatus != nameof(Domain.Documents.BlockStatus.Open))
            {
                throw new ConflictException("The paragraph was closed to amendments while the amendment was being checked.", ["blockNotOpen"]);
            }

            prepared.BlockVersionAtTurn = version;
        }
    }

    /// <summary>The chair's compromise: in its turn (the document already opened), the same checks and numbering as a proposal.</summary>
    public static async Task<Amendment> CreateAsync(DraftingDbContext db, EventJournal journal, Document document, Prepared prepared,
        string? justification, string proposer, CancellationToken cancellationToken)
    {
        var reads = new TurnState(db.Model, prepared, document.Id, journal);
        await journal.ReadAsync(reads, cancellationToken);
        return Create(db, journal, document.Id, document.EnsureInNegotiation, prepared, reads, justification, proposer);
    }

    /// <summary>In the command's turn: re-checks what may have changed since it was prepared, numbers the amendment and adds it.</summary>
    private static Amendment Create(DraftingDbContext db, EventJournal journal, Guid documentId, Action ensureInNegotiation, Prepared prepared,
        TurnState state, string? justification, string proposer, bool late = false, bool oral = false)
    {
        ensureInNegotiation();
        if (state.Proven)
        {
            // Read while the text stood where the batch has it: still there, open, at the version read.
            prepared.BlockVersionAtTurn = prepared.Paragraph.Version;
        }
        else
        {
            state.Verify();
        }

        var number = journal.TakeAmendmentNumber(documentId, state.LastNumber);
        var amendment = Amendment.Propose(Guid.CreateVersion7(journal.Now), documentId, number, prepared.Change, prepared.BlockId,
            prepared.BaseVersion, prepared.Occurrences, prepared.Anchor, justification ?? string.Empty, proposer, journal.ActorCode,
            prepared.Cosponsors, journal.Now, late, oral);
        journal.Add(amendment);
        return amendment;
    }
}
