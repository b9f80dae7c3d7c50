using System.Text.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Events;
using OewgDrafting.Domain.Text;

namespace OewgDrafting.Api.Features.Provenance;

/// <summary>Counts that say how far a text is from agreement.</summary>
public sealed record ConvergenceTotals(int Paragraphs, int AgreedAdRef, int OpenBrackets, int Alternatives, int PendingAmendments);

/// <summary>The counts of one section (a top-level heading and the paragraphs under it; <c>heading</c> is null before the first).</summary>
public sealed record SectionTotals(Guid? HeadingId, string? Heading, ConvergenceTotals Totals);

/// <summary>The text's state just after a revision was issued.</summary>
public sealed record RevisionPoint(int Revision, string Name, DateTimeOffset At, long Sequence, ConvergenceTotals Totals, IReadOnlyList<SectionTotals> Sections);

/// <summary>The text's state at the end of a day on which it changed (UTC).</summary>
public sealed record TimelinePoint(DateOnly Day, long Sequence, ConvergenceTotals Totals);

public sealed record StatusHistoryResponse(Guid DocumentId, string Symbol, IReadOnlyList<RevisionPoint> Revisions, IReadOnlyList<TimelinePoint> Timeline,
    ConvergenceTotals Current, IReadOnlyList<SectionTotals> Sections);

/// <summary>
/// How the text is converging: paragraphs, paragraphs agreed ad referendum, open brackets, alternatives and pending
/// amendments, after each revision (per section too) and at the end of each day, replayed from the event log and the
/// paragraphs' stored versions.
/// </summary>
public static class GetStatusHistory
{
    public sealed record Query(Guid DocumentId) : IQuery<StatusHistoryResponse>;

    public sealed class Handler(DraftingDbContext db) : IQueryHandler<Query, StatusHistoryResponse>
    {
        public async ValueTask<StatusHistoryResponse> Handle(Query query, CancellationToken cancellationToken)
        {
            var document = await db.Documents.AsNoTracking().SingleOrDefaultAsync(d => d.Id == query.DocumentId, cancellationToken)
                ?? throw new NotFoundException("Document", query.DocumentId);
            var events = await db.DocumentEvents.AsNoTracking().Where(e => e.DocumentId == query.DocumentId).OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
            var blocks = await db.Blocks.AsNoTracking().Where(b => b.DocumentId == query.DocumentId).OrderBy(b => b.Position).ToListAsync(cancellationToken);
            var revisions = await db.Revisions.AsNoTracking().Where(r => r.DocumentId == query.DocumentId).OrderBy(r => r.Number).ToListAsync(cancellationToken);

            // Document order: the blocks as they are, then those deleted since, in the order the revisions had them.
            var order = blocks.Select(b => (b.Id, b.Kind, b.Level, b.Label, b.Text)).ToList();
            foreach (var gone in revisions.SelectMany(r => r.Blocks).Where(b => order.All(o => o.Id != b.Id)).DistinctBy(b => b.Id))
            {
                order.Add((gone.Id, gone.Kind, gone.Level, gone.Label, gone.Text));
            }

            // The first text is every block whose first version no later event produced (added by the chair or by an amendment).
            var addedLater = events.Select(ParagraphChanges.After).Where(a => a is { Version: 1 }).Select(a => a!.Id).ToHashSet();
            var firstTexts = (await FirstTextsAsync(order.Select(o => o.Id).ToList(), cancellationToken))
                .Where(t => !addedLater.Contains(t.Key)).ToDictionary(t => t.Key, t => t.Value);
            var replay = new Replay(order, firstTexts);
            var points = new List<RevisionPoint>();
            var timeline = new List<TimelinePoint>();
            for (var i = 0; i < events.Count; i++)
            {
                var e = events[i];
                replay.Apply(e);
                if (e.Type == "revisionIssued" && JsonDocument.Parse(e.Data).RootElement.TryGetProperty("number", out var number)
                    && revisions.FirstOrDefault(r => r.Number == number.GetInt32()) is { } revision)
                {
                    points.Add(new RevisionPoint(revision.Number, revision.Name, e.OccurredAt, e.Sequence, replay.Totals(), replay.Sections()));
                }
                else if (e.Type == "documentOpened" && revisions.FirstOrDefault(r => r.Number == 0) is { } zero)
                {
                    points.Add(new RevisionPoint(0, zero.Name, e.OccurredAt, e.Sequence, replay.Totals(), replay.Sections()));
                }

                var day = DateOnly.FromDateTime(e.OccurredAt.UtcDateTime);
                if (i + 1 == events.Count || DateOnly.FromDateTime(events[i + 1].OccurredAt.UtcDateTime) != day)
                {
                    timeline.Add(new TimelinePoint(day, e.Sequence, replay.Totals()));
                }
            }

            return new StatusHistoryResponse(document.Id, document.Symbol, points, timeline, replay.Totals(), replay.Sections());
        }

        private async Task<Dictionary<Guid, string>> FirstTextsAsync(List<Guid> ids, CancellationToken cancellationToken) =>
            (await db.BlockRevisions.AsNoTracking().Where(r => ids.Contains(r.BlockId) && r.Version == 1).Select(r => new { r.BlockId, r.Text })
                .ToListAsync(cancellationToken)).ToDictionary(r => r.BlockId, r => r.Text);
    }

    /// <summary>The paragraphs and pending amendments as the log builds them, event by event.</summary>
    private sealed class Replay(List<(Guid Id, BlockKind Kind, int? Level, string? Label, string Text)> order, Dictionary<Guid, string> firstTexts)
    {
        private sealed class State
        {
            public required BlockKind Kind { get; init; }
            public string? Label { get; set; }
            public string Text { get; set; } = string.Empty;
            public bool Agreed { get; set; }
        }

        private readonly Dictionary<Guid, State> _blocks = [];
        private readonly Dictionary<Guid, Guid> _pending = [];
        private bool _started;

        public void Apply(DocumentEvent e)
        {
            var data = JsonDocument.Parse(e.Data).RootElement;
            var first = e.Touches.Count > 0 && Guid.TryParse(e.Touches[0], out var id) ? id : Guid.Empty;
            switch (e.Type)
            {
                case "documentCreated" or "documentImported" when !_started:
                    _started = true;
                    break;
                case "amendmentProposed":
                    _pending[first] = e.Touches.Count > 1 && Guid.TryParse(e.Touches[1], out var block) ? block : Guid.Empty;
                    break;
                case "amendmentWithdrawn" or "amendmentRejected" or "amendmentSuperseded":
                    _pending.Remove(first);
                    break;
                case "amendmentsMerged":
                    foreach (var merged in e.Touches.Skip(1))
                    {
                        _pending.Remove(Guid.Parse(merged));
                    }

                    _pending[first] = data.TryGetProperty("compromise", out var compromise) && compromise.TryGetProperty("blockId", out var on) ? on.GetGuid() : Guid.Empty;
                    break;
                case "blockAgreed":
                    SetAgreed(first, true);
                    break;
                case "blockReopened":
                    SetAgreed(first, false);
                    break;
                case "silenceConcluded":
                    var labels = data.TryGetProperty("agreed", out var agreed) ? agreed.EnumerateArray().Select(a => a.GetString()).ToHashSet() : [];
                    foreach (var state in _blocks.Values.Where(s => s.Kind == BlockKind.Paragraph && labels.Contains(s.Label ?? "unnumbered")))
                    {
                        state.Agreed = true;
                    }

                    break;
                case "documentAdopted":
                    foreach (var state in _blocks.Values)
                    {
                        state.Agreed = true;
                    }

                    break;
                case "blockDeleted":
                    _blocks.Remove(first);
                    break;
                case "revisionIssued" when data.TryGetProperty("relabelled", out var relabelled):
                    foreach (var r in relabelled.EnumerateArray())
                    {
                        if (_blocks.TryGetValue(r.GetProperty("blockId").GetGuid(), out var state))
                        {
                            state.Label = r.GetProperty("to").GetString();
                        }
                    }

                    break;
            }

            if (e.Type is "amendmentAccepted" or "amendmentBracketed")
            {
                _pending.Remove(first);
            }

            if (data.ValueKind == JsonValueKind.Object && data.TryGetProperty("superseded", out var superseded) && superseded.ValueKind == JsonValueKind.Array)
            {
                foreach (var s in superseded.EnumerateArray())
                {
                    _pending.Remove(s.GetGuid());
                }
            }

            if (ParagraphChanges.After(e.Type, data) is { } after)
            {
                if (!_blocks.TryGetValue(after.Id, out var state))
                {
                    state = new State { Kind = after.Kind };
                    _blocks[after.Id] = state;
                }

                state.Text = after.Text;
                state.Label = after.Label;
                state.Agreed = after.Status is BlockStatus.AgreedAdRef or BlockStatus.Adopted;
            }

            if (e.Type is "documentCreated" or "documentImported")
            {
                foreach (var o in order.Where(o => firstTexts.ContainsKey(o.Id) && !_blocks.ContainsKey(o.Id)))
                {
                    _blocks[o.Id] = new State { Kind = o.Kind, Label = o.Label, Text = firstTexts[o.Id] };
                }
            }
        }

        private void SetAgreed(Guid id, bool agreed)
        {
            if (_blocks.TryGetValue(id, out var state))
            {
                state.Agreed = agreed;
            }
        }

        public ConvergenceTotals Totals() => TotalsOf(_blocks.Where(b => b.Value.Kind == BlockKind.Paragraph).Select(b => b.Key).ToHashSet());

        public List<SectionTotals> Sections()
        {
            var sections = new List<SectionTotals>();
            Guid? heading = null;
            string? title = null;
            var members = new HashSet<Guid>();
            foreach (var o in order)
            {
                if (o.Kind == BlockKind.Heading && (o.Level ?? 1) == 1)
                {
                    Flush();
                    heading = o.Id;
                    title = _blocks.TryGetValue(o.Id, out var h) ? string.Join(' ', new[] { h.Label, h.Text }.Where(s => !string.IsNullOrEmpty(s))) : o.Label;
                    continue;
                }

                if (o.Kind == BlockKind.Paragraph && _blocks.ContainsKey(o.Id))
                {
                    members.Add(o.Id);
                }
            }

            Flush();
            return sections;

            void Flush()
            {
                if (members.Count > 0 || heading is not null)
                {
                    sections.Add(new SectionTotals(heading, title, TotalsOf(members)));
                }

                members = [];
            }
        }

        private ConvergenceTotals TotalsOf(HashSet<Guid> paragraphs)
        {
            int agreed = 0, brackets = 0, alternatives = 0;
            foreach (var id in paragraphs)
            {
                var state = _blocks[id];
                agreed += state.Agreed ? 1 : 0;
                var parsed = BracketedText.ParseLenient(state.Text);
                brackets += parsed.BracketCount;
                alternatives += parsed.Segments.OfType<BracketSegment>().Sum(b => b.Alternatives.Count > 1 ? b.Alternatives.Count : 0);
            }

            return new ConvergenceTotals(paragraphs.Count, agreed, brackets, alternatives, _pending.Values.Count(paragraphs.Contains));
        }
    }
}
