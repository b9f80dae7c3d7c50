using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Caching;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain.Amendments;
using OewgDrafting.Domain.Documents;

namespace OewgDrafting.Api.Features.Amendments;

/// <summary>
/// The answer to a proposal, computed after its commit and outside the document's queue: the preview of the
/// paragraph and a bounded list of the amendments it collides with. Amendments written against an older version of
/// the paragraph (which must be re-anchored to compare) are examined up to a bound. On PostgreSQL the overlapping
/// spans are found in the index, and the answer's cost does not grow with the pending amendments on the paragraph;
/// SQLite finds them among the paragraph's pending amendments kept in memory (<see cref="PendingAmendments"/>), or, when
/// those cannot be had, scans them in one prepared statement (<see cref="OneScanSql"/>).
/// </summary>
public static class DescribeProposal
{
    /// <summary>Most collisions listed in a proposal's answer; the rest are paged at /amendments/{id}/collisions.</summary>
    public const int MaxCollisions = 20;

    /// <summary>Most stale pending amendments (written against an older paragraph version) re-anchored for the answer.</summary>
    public const int MaxStaleExamined = 100;

    /// <summary>The amendment, and its paragraph when already known to be current (else it is read).</summary>
    public sealed record Query(Amendment Amendment, Block? Paragraph = null) : IQuery<AmendmentResponse>;

    public sealed class Handler(DraftingDbContext db, SqliteReaders readers, PendingAmendments pending, CollisionCandidates together)
        : IQueryHandler<Query, AmendmentResponse>
    {
        public async ValueTask<AmendmentResponse> Handle(Query query, CancellationToken cancellationToken)
        {
            var amendment = query.Amendment;
            var blockId = amendment.BlockId;
            var block = query.Paragraph ?? await BlockById(db, blockId, cancellationToken);
            var (collisions, more) = await NearestAsync(db, readers, pending, together, amendment, block, cancellationToken);
            return AmendmentResponse.From(amendment, collisions,
                AmendmentViews.Preview(amendment, amendment.Kind == AmendmentKind.AddParagraph ? null : block)) with { MoreCollisions = more };
        }
    }

    private static readonly Func<DraftingDbContext, Guid, CancellationToken, Task<Block?>> BlockById =
        EF.CompileAsyncQuery((DraftingDbContext db, Guid blockId, CancellationToken _) => db.Blocks.AsNoTracking().SingleOrDefault(b => b.Id == blockId));

    // Compiled once: a proposal's answer runs these on every proposal, and translating the LINQ each time was most of
    // what the answer cost.
    private static readonly Func<DraftingDbContext, Guid, Guid, IAsyncEnumerable<Guid>> NewParagraphsAfter =
        EF.CompileAsyncQuery((DraftingDbContext db, Guid blockId, Guid id) =>
            db.Amendments.AsNoTracking()
                .Where(a => a.BlockId == blockId && a.Status == AmendmentStatus.Proposed && a.Id != id
                    && a.Kind == AmendmentKind.AddParagraph)
                .OrderBy(a => a.Number).Select(a => a.Id).Take(MaxCollisions + 1));

    // PostgreSQL (CollisionCandidates): three index range scans (BlockId, Status, Kind, BaseVersion, AnchorStart, AnchorEnd),
    // each bounded: the whole-paragraph amendments, which collide with everything on the paragraph; the amendments written
    // against the current version whose stored span overlaps (tested on the index entries, no row is read unless it
    // overlaps); and the amendments written against older versions, to be re-anchored here. Kept apart so that no OR
    // keeps the span test out of the index: one branch with ORs made the database read every pending amendment of the
    // paragraph on every proposal. (A paragraph's version only grows, and a proposal cannot name a version the
    // paragraph has not reached, so "older" is BaseVersion < version.) The paragraph's id alone names its document: a
    // condition on the document would let the planner prefer the (DocumentId, Status, BlockId, Number) index for its
    // order and read every pending row of the paragraph to filter them.

    // SQLite: the same candidates in one scan of the paragraph's pending amendments, as one prepared statement on a kept
    // reader (SqliteReaders): SQLite compiles a statement's text on every execution unless its command is kept, and EF Core
    // makes a command per query; the three-branch union, compiled anew each time, would cost more than the rows it saves
    // reading. Written as EF Core writes it:
    // enums as their names, ids bound through the model's type mappings.
    /// <summary>The kinds <see cref="WholeParagraphKind"/> and <see cref="InTextKind"/> name, as SQL lists (enums stored by name).</summary>
    internal static readonly string WholeParagraphKinds = SqlList(WholeParagraphKind);

    internal static readonly string InTextKinds = SqlList(InTextKind);

    private static string SqlList(Func<AmendmentKind, bool> kinds) =>
        string.Join(", ", Enum.GetValues<AmendmentKind>().Where(kinds).Select(k => $"'{k}'"));

    private static readonly string OneScanSql =
        $"SELECT {CandidateAmendment.Columns("\"amendments\"")} "
        + "FROM \"amendments\" WHERE \"BlockId\" = @block AND \"Status\" = 'Proposed' AND \"ParentId\" IS NULL AND \"Id\" <> @id "
        + $"AND (\"Kind\" IN ({WholeParagraphKinds}) OR (\"Kind\" IN ({InTextKinds}) "
        + "AND (\"BaseVersion\" < @version OR (\"BaseVersion\" = @version AND \"AnchorStart\" < @end AND @start < \"AnchorEnd\")))) "
        + $"ORDER BY CASE WHEN \"Kind\" IN ({WholeParagraphKinds}) OR \"BaseVersion\" = @version THEN 0 ELSE 1 END, \"Number\" "
        + $"LIMIT {MaxCollisions + 1 + MaxStaleExamined + 1}";

    private static Task<List<CandidateAmendment>> OneScanAsync(DraftingDbContext db, SqliteReaders readers, Guid blockId, Guid id, int version,
        int start, int end, CancellationToken cancellationToken)
    {
        var amendments = db.Model.FindEntityType(typeof(Amendment))!;
        return readers.ReadAsync(OneScanSql, command =>
        {
            PreparedStatements.Bind(command, "@block", amendments.FindProperty(nameof(Amendment.BlockId))!, blockId);
            PreparedStatements.Bind(command, "@id", amendments.FindProperty(nameof(Amendment.Id))!, id);
            PreparedStatements.Bind(command, "@version", amendments.FindProperty(nameof(Amendment.BaseVersion))!, version);
            PreparedStatements.Bind(command, "@start", amendments.FindProperty(nameof(Amendment.AnchorStart))!, start);
            PreparedStatements.Bind(command, "@end", amendments.FindProperty(nameof(Amendment.AnchorEnd))!, end);
        }, async (rows, ct) =>
        {
            var candidates = new List<CandidateAmendment>();
            while (await rows.ReadAsync(ct))
            {
                candidates.Add(CandidateAmendment.Read(rows, 0));
            }

            return candidates;
        }, cancellationToken);
    }

    private static bool WholeParagraphKind(AmendmentKind kind) => kind is AmendmentKind.ReplaceParagraph or AmendmentKind.DeleteParagraph;

    private static bool InTextKind(AmendmentKind kind) => kind is AmendmentKind.Insert or AmendmentKind.Delete or AmendmentKind.Replace;

    /// <summary><see cref="NewParagraphsAfter"/> over the paragraph's pending amendments kept in memory.</summary>
    private static List<Guid> NewParagraphsAfterIn(CandidateAmendment[] pending, Guid id) =>
        pending.Where(a => a.Id != id && a.Kind == AmendmentKind.AddParagraph)
            .OrderBy(a => a.Number).Select(a => a.Id).Take(MaxCollisions + 1).ToList();

    /// <summary><see cref="OneScanSql"/> over the paragraph's pending amendments kept in memory: the same rows, in the same order.</summary>
    internal static List<CandidateAmendment> OneScanIn(CandidateAmendment[] pending, Guid id, int version, int start, int end) =>
        pending.Where(a => a.Id != id && (WholeParagraphKind(a.Kind) || (InTextKind(a.Kind)
                && (a.BaseVersion < version || (a.BaseVersion == version && a.AnchorStart < end && start < a.AnchorEnd)))))
            .OrderBy(a => WholeParagraphKind(a.Kind) || a.BaseVersion == version ? 0 : 1).ThenBy(a => a.Number)
            .Take(MaxCollisions + 1 + MaxStaleExamined + 1)
            .ToList();

    /// <summary>Up to <see cref="MaxCollisions"/> collisions, in number order, and whether there may be more.</summary>
    public static async Task<(IReadOnlyList<Guid> Ids, bool More)> NearestAsync(DraftingDbContext db, SqliteReaders readers,
        PendingAmendments pending, CollisionCandidates together, Amendment amendment, Block? block, CancellationToken cancellationToken)
    {
        var (id, blockId) = (amendment.Id, amendment.BlockId);
        // SQLite: the paragraph's pending amendments from memory, filtered as the queries below filter them.
        var kept = await pending.OfAsync(db.Model, amendment.DocumentId, blockId, cancellationToken);
        if (amendment.Kind == AmendmentKind.AddParagraph)
        {
            // New paragraphs collide when they follow the same block.
            var sameSpot = kept is null
                ? await NewParagraphsAfter(db, blockId, id).ToListAsync(cancellationToken)
                : NewParagraphsAfterIn(kept, id);
            return (sameSpot.Take(MaxCollisions).ToList(), sameSpot.Count > MaxCollisions);
        }

        if (block is null || AmendmentViews.Resolve(amendment, (block.Text, block.Version)) is not { Span: { } span } self)
        {
            return ([], false);
        }

        // Written against the current version, an amendment's stored span is its span in the current text, and the
        // index finds the overlapping ones; a whole-paragraph amendment collides with everything on the paragraph;
        // the amendments written against older versions are re-anchored here.
        var version = block.Version;
        // A whole-paragraph amendment overlaps every span: the widest bounds select them all.
        var (start, end) = self.IsWholeParagraph ? (-1, int.MaxValue) : (span.Start, span.End);
        var candidates = kept is not null
            ? OneScanIn(kept, id, version, start, end)
            : db is PostgresDraftingDbContext
                ? await together.FindAsync(blockId, id, version, start, end).WaitAsync(cancellationToken)
                : await OneScanAsync(db, readers, blockId, id, version, start, end, cancellationToken);

        var collisions = new List<CandidateAmendment>();
        var staleExamined = 0;
        var more = false;
        foreach (var candidate in candidates)
        {
            var current = WholeParagraphKind(candidate.Kind) || candidate.BaseVersion == version;
            if (!current)
            {
                if (++staleExamined > MaxStaleExamined)
                {
                    // The rows of a UNION ALL come in no promised order: skip, do not stop.
                    more = true;
                    continue;
                }

                var pendingChange = new PendingChange(candidate.Id, candidate.Number,
                    new TextChange(candidate.Kind, candidate.Quote, candidate.Placement, candidate.Text, candidate.Occurrence),
                    blockId, candidate.BaseVersion, candidate.BaseOccurrences, string.Empty, [], Stances.None);
                if (!Collisions.Collide(self, Collisions.Resolve(block.Text, version, pendingChange)))
                {
                    continue;
                }
            }

            collisions.Add(candidate);
        }

        more |= collisions.Count > MaxCollisions;
        return (collisions.OrderBy(c => c.Number).Take(MaxCollisions).Select(c => c.Id).ToList(), more);
    }
}
