using System.Text.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Events;
using OewgDrafting.Domain.Positions;

namespace OewgDrafting.Api.Features.Provenance;

/// <summary>
/// Where a paragraph came from: every version it had, in order, with what produced it (read from the event log: the
/// chair's draft or edit, an accepted or bracketed amendment with its proposer and co-sponsors, a resolved bracket, a
/// renumbering), the revisions that froze it, its label in each revision, and the delegations' stances on it when
/// that version gave way to the next.
/// </summary>
public static class GetBlockHistory
{
    public sealed record Query(Guid DocumentId, Guid BlockId) : IQuery<BlockHistoryResponse>;

    /// <summary>The paragraph changes, and the events that created, deleted or renumbered it.</summary>
    private static readonly string[] TextEvents =
    [
        .. ParagraphChanges.Types, EventType.DocumentCreated.Name, EventType.DocumentImported.Name, EventType.BlockDeleted.Name,
        EventType.RevisionIssued.Name,
    ];

    private static readonly string[] PositionEvents = [EventType.PositionSet.Name, EventType.PositionWithdrawn.Name];

    public sealed class Handler(DraftingDbContext db) : IQueryHandler<Query, BlockHistoryResponse>
    {
        public async ValueTask<BlockHistoryResponse> Handle(Query query, CancellationToken cancellationToken)
        {
            var document = await db.Documents.AsNoTracking().Where(d => d.Id == query.DocumentId).Select(d => new { d.Symbol }).SingleOrDefaultAsync(cancellationToken)
                ?? throw new NotFoundException("Document", query.DocumentId);
            var versions = await db.BlockRevisions.AsNoTracking().Where(r => r.BlockId == query.BlockId).OrderBy(r => r.Version).ToListAsync(cancellationToken);
            var current = await db.Blocks.AsNoTracking().SingleOrDefaultAsync(b => b.Id == query.BlockId && b.DocumentId == query.DocumentId, cancellationToken);
            if (versions.Count == 0 || (current is null && !await TouchesDocumentAsync(query, cancellationToken)))
            {
                throw new NotFoundException("Block", query.BlockId);
            }

            var id = query.BlockId.ToString();
            var events = (await db.DocumentEvents.AsNoTracking()
                    .Where(e => e.DocumentId == query.DocumentId && (TextEvents.Contains(e.Type) || PositionEvents.Contains(e.Type)))
                    .OrderBy(e => e.Sequence).ToListAsync(cancellationToken))
                .Where(e => e.Type is "documentCreated" or "documentImported" or "revisionIssued" || e.Touches.Contains(id, StringComparer.OrdinalIgnoreCase))
                .ToList();
            var revisions = await db.Revisions.AsNoTracking().Where(r => r.DocumentId == query.DocumentId).OrderBy(r => r.Number).ToListAsync(cancellationToken);
            var amendmentIds = events.Where(e => e.Type is "amendmentAccepted" or "amendmentBracketed").Select(e => Guid.Parse(e.Touches[0])).ToList();
            var amendments = await Incorporated.LoadAsync(db, amendmentIds, cancellationToken);

            // Each version's cause: the text event that produced it (its data names the version after it), or a renumbering.
            var causes = new Dictionary<int, (DocumentEvent Event, VersionCause Cause)>();
            foreach (var e in events)
            {
                if (ParagraphChanges.After(e) is { } after && after.Id == query.BlockId && !causes.ContainsKey(after.Version))
                {
                    causes[after.Version] = (e, CauseOf(e.Type));
                }
            }

            // Version 1 that no event added later was in the document's first text.
            if (!causes.ContainsKey(1) && events.FirstOrDefault(e => e.Type is "documentCreated" or "documentImported") is { } creation)
            {
                causes[1] = (creation, VersionCause.Drafted);
            }

            var renumberings = events.Where(e => e.Type == EventType.RevisionIssued.Name)
                .Select(e => (Event: e, Data: JsonDocument.Parse(e.Data).RootElement))
                .Where(r => r.Data.TryGetProperty("relabelled", out var list) && list.EnumerateArray()
                    .Any(x => x.TryGetProperty("blockId", out var b) && b.GetGuid() == query.BlockId))
                .ToList();

            var history = new List<BlockVersionHistory>();
            long? previousSequence = null;
            for (var i = 0; i < versions.Count; i++)
            {
                var v = versions[i];
                BlockVersionHistory entry;
                if (causes.TryGetValue(v.Version, out var cause))
                {
                    entry = new BlockVersionHistory(v.Version, v.Label, v.Text, cause.Cause, cause.Event.Sequence, cause.Event.OccurredAt, cause.Event.Actor, [], [])
                    {
                        Amendment = cause.Cause is VersionCause.AmendmentAccepted or VersionCause.AmendmentBracketed
                            && amendments.TryGetValue(Guid.Parse(cause.Event.Touches[0]), out var a) ? a : null,
                    };
                }
                else
                {
                    // Only a renumbering changes a version without naming it in its event: the first renumbering after the previous version.
                    var renumbering = renumberings.FirstOrDefault(r => r.Event.Sequence > (previousSequence ?? 0));
                    var number = renumbering.Data.ValueKind == JsonValueKind.Object ? renumbering.Data.GetProperty("number").GetInt32() : (int?)null;
                    entry = new BlockVersionHistory(v.Version, v.Label, v.Text, VersionCause.Renumbered, renumbering.Event?.Sequence,
                        renumbering.Event?.OccurredAt, renumbering.Event?.Actor, [], [])
                    {
                        Revision = number is { } n ? revisions.Where(r => r.Number == n).Select(r => new RevisionRef(r.Number, r.Name)).FirstOrDefault() : null,
                    };
                }

                previousSequence = entry.Sequence ?? previousSequence;
                history.Add(entry);
            }

            // Stances when each version gave way to the next, replayed from the log.
            for (var i = 0; i < history.Count; i++)
            {
                var until = i + 1 < history.Count ? history[i + 1].Sequence ?? long.MaxValue : long.MaxValue;
                history[i] = history[i] with { Positions = StancesBefore(events, query.BlockId, until) };
            }

            // The revisions that froze each version, and the paragraph's label in each revision.
            var labels = new List<LabelInRevision>();
            foreach (var revision in revisions)
            {
                var frozen = revision.Blocks.FirstOrDefault(b => b.Id == query.BlockId);
                if (frozen is null)
                {
                    continue;
                }

                var match = history.LastOrDefault(h => h.Text == frozen.Text && h.Label == frozen.Label && (h.Sequence ?? 0) <= revision.DocumentVersion);
                labels.Add(new LabelInRevision(revision.Number, revision.Name, frozen.Label, match?.Version));
                if (match is not null)
                {
                    var index = history.IndexOf(match);
                    history[index] = match with { Revisions = [.. match.Revisions, new RevisionRef(revision.Number, revision.Name)] };
                }
            }

            return new BlockHistoryResponse(query.DocumentId, query.BlockId, document.Symbol, current is null, history, labels);
        }

        private async Task<bool> TouchesDocumentAsync(Query query, CancellationToken cancellationToken)
        {
            var id = query.BlockId.ToString();
            return (await db.DocumentEvents.AsNoTracking().Where(e => e.DocumentId == query.DocumentId && e.Type == "blockDeleted").ToListAsync(cancellationToken))
                .Any(e => e.Touches.Contains(id, StringComparer.OrdinalIgnoreCase));
        }
    }

    private static VersionCause CauseOf(string type) => type switch
    {
        "blockAdded" => VersionCause.Added,
        "blockEdited" => VersionCause.Edited,
        "bracketResolved" => VersionCause.BracketResolved,
        "amendmentAccepted" => VersionCause.AmendmentAccepted,
        "amendmentBracketed" => VersionCause.AmendmentBracketed,
        _ => VersionCause.Drafted,
    };

    private static List<StanceAtTheTime> StancesBefore(IEnumerable<DocumentEvent> events, Guid blockId, long until)
    {
        var stances = new SortedDictionary<string, StanceAtTheTime>(StringComparer.Ordinal);
        foreach (var e in events.Where(e => e.Sequence < until && e.Type is "positionSet" or "positionWithdrawn"))
        {
            var data = JsonDocument.Parse(e.Data).RootElement;
            var key = e.Type == "positionSet" ? "after" : "before";
            if (!data.TryGetProperty(key, out var position) || position.ValueKind != JsonValueKind.Object
                || position.GetProperty("target").GetString() != "block" || position.GetProperty("targetId").GetGuid() != blockId)
            {
                continue;
            }

            var delegation = position.GetProperty("delegation").GetString()!;
            if (e.Type == "positionWithdrawn")
            {
                stances.Remove(delegation);
                continue;
            }

            stances[delegation] = new StanceAtTheTime(delegation,
                Enum.Parse<Stance>(position.GetProperty("stance").GetString()!, ignoreCase: true),
                position.TryGetProperty("statement", out var statement) && statement.ValueKind == JsonValueKind.String ? statement.GetString() : null);
        }

        return stances.Values.ToList();
    }
}

/// <summary>The amendments that went into a text, with their co-sponsors and, for a chair's compromise, the proposals it merged.</summary>
internal static class Incorporated
{
    public static async Task<Dictionary<Guid, IncorporatedAmendment>> LoadAsync(DraftingDbContext db, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var amendments = await db.Amendments.AsNoTracking().Where(a => ids.Contains(a.Id)).ToListAsync(cancellationToken);
        var merged = await db.Amendments.AsNoTracking().Where(a => a.MergedInto != null && ids.Contains(a.MergedInto.Value))
            .Select(a => new { a.Id, a.Number, a.Proposer, a.MergedInto }).ToListAsync(cancellationToken);
        return amendments.ToDictionary(a => a.Id, a => new IncorporatedAmendment(a.Id, a.Number, a.Proposer, a.Cosponsors,
            merged.Where(m => m.MergedInto == a.Id).OrderBy(m => m.Number).Select(m => new MergedProposal(m.Id, m.Number, m.Proposer)).ToList()));
    }
}
