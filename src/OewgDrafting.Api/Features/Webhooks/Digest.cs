using System.Globalization;
using System.Text;
using System.Text.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Features.Events;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Positions;

namespace OewgDrafting.Api.Features.Webhooks;

/// <summary>One thing that happened, in a sentence.</summary>
public sealed record DigestItem(long Sequence, DateTimeOffset OccurredAt, string Type, string Actor, string Summary);

/// <summary>What happened of one kind on one document: <c>yourAmendmentsDecided</c>, <c>newAmendmentsOnYourParagraphs</c>,
/// <c>positionsOnYourAmendments</c>, <c>silence</c>, <c>revisions</c>, <c>adoption</c>.</summary>
public sealed record DigestSection(string Key, string Title, IReadOnlyList<DigestItem> Items);

public sealed record DigestDocument(Guid DocumentId, string Symbol, string Title, IReadOnlyList<DigestSection> Sections);

/// <summary>What changed for a delegation since an instant, document by document; empty documents are left out.</summary>
public sealed record DigestResponse(string Delegation, DateTimeOffset Since, DateTimeOffset Until, IReadOnlyList<DigestDocument> Documents)
{
    public int Count => Documents.Sum(d => d.Sections.Sum(s => s.Items.Count));
}

/// <summary>
/// A delegation's digest: its amendments decided, new amendments on the paragraphs it follows (where it proposed or took a
/// position), positions taken on its amendments, silence procedures, revisions and adoptions, from the logs as it reads them.
/// </summary>
public static class GetDigest
{
    /// <summary>How many of a document's latest events one digest reads at most.</summary>
    public const int MaxEventsPerDocument = 5_000;

    public sealed record Query(string Caller, DateTimeOffset Since, DateTimeOffset Until, Guid? DocumentId) : IQuery<DigestResponse>;

    private static readonly (string Key, string Title)[] Sections =
    [
        ("yourAmendmentsDecided", "Your amendments decided"),
        ("newAmendmentsOnYourParagraphs", "New amendments on the paragraphs you follow"),
        ("positionsOnYourAmendments", "Positions on your amendments"),
        ("silence", "Silence procedures"),
        ("revisions", "Revisions"),
        ("adoption", "Adoption"),
    ];

    public sealed class Handler(DraftingDbContext db) : IQueryHandler<Query, DigestResponse>
    {
        public async ValueTask<DigestResponse> Handle(Query query, CancellationToken cancellationToken)
        {
            var caller = query.Caller;
            var documents = await db.Documents.AsNoTracking()
                .Where(d => query.DocumentId == null || d.Id == query.DocumentId)
                .OrderBy(d => d.Symbol)
                .Select(d => new { d.Id, d.Symbol, d.Title }).ToListAsync(cancellationToken);
            if (query.DocumentId is { } only && documents.Count == 0)
            {
                throw new NotFoundException("Document", only);
            }

            var mine = await db.Amendments.AsNoTracking().Where(a => a.Proposer == caller || a.SubmittedBy == caller)
                .Select(a => new { a.Id, a.Number, a.BlockId }).ToListAsync(cancellationToken);
            var mineIds = mine.Select(a => a.Id.ToString()).ToHashSet();
            var followed = mine.Select(a => a.BlockId.ToString())
                .Concat(await db.Positions.AsNoTracking().Where(p => p.Delegation == caller && p.Target == PositionTarget.Block)
                    .Select(p => p.TargetId.ToString()).ToListAsync(cancellationToken))
                .ToHashSet();
            var labels = new Dictionary<string, string>();

            var result = new List<DigestDocument>();
            foreach (var document in documents)
            {
                var events = await db.DocumentEvents.AsNoTracking().Where(e => e.DocumentId == document.Id)
                    .OrderByDescending(e => e.Sequence).Take(MaxEventsPerDocument).ToListAsync(cancellationToken);
                var recent = events.Where(e => e.OccurredAt >= query.Since && e.OccurredAt <= query.Until).OrderBy(e => e.Sequence).ToList();
                if (recent.Count == 0)
                {
                    continue;
                }

                var privacy = await AmendmentPrivacy.OfAsync(db, document.Id, cancellationToken);
                var blocks = await db.Blocks.AsNoTracking().Where(b => b.DocumentId == document.Id).Select(b => new { b.Id, b.Label }).ToListAsync(cancellationToken);
                foreach (var block in blocks)
                {
                    labels[block.Id.ToString()] = block.Label ?? "(unnumbered)";
                }

                var items = Sections.ToDictionary(s => s.Key, _ => new List<DigestItem>());
                foreach (var stored in recent)
                {
                    var e = privacy.AsSeenBy(caller, CommentPrivacy.AsSeenBy(caller,
                        new EventResponse(stored.Sequence, stored.OccurredAt, stored.Actor, stored.Type, stored.Touches,
                            JsonDocument.Parse(stored.Data).RootElement.Clone(), stored.Hash)));
                    if (Classify(e, caller, mineIds, followed, labels) is { } found)
                    {
                        items[found.Section].Add(new DigestItem(e.Sequence, e.OccurredAt, e.Type, e.Actor, found.Summary));
                    }
                }

                var sections = Sections.Where(s => items[s.Key].Count > 0).Select(s => new DigestSection(s.Key, s.Title, items[s.Key])).ToList();
                if (sections.Count > 0)
                {
                    result.Add(new DigestDocument(document.Id, document.Symbol, document.Title, sections));
                }
            }

            return new DigestResponse(caller, query.Since, query.Until, result);
        }
    }

    private static (string Section, string Summary)? Classify(EventResponse e, string caller, HashSet<string> mine, HashSet<string> followed,
        Dictionary<string, string> labels)
    {
        var number = Number(e.Data, "number");
        switch (e.Type)
        {
            case "amendmentAccepted" or "amendmentBracketed" or "amendmentRejected" or "amendmentSuperseded" when e.Touches.Any(mine.Contains):
                var verb = e.Type["amendment".Length..].ToLowerInvariant();
                return ("yourAmendmentsDecided", $"A{number} {verb} by {e.Actor}{(Text(e.Data, "reason") is { } reason ? $": {reason.TrimEnd('.')}" : "")}.");
            case "amendmentsMerged" when e.Touches.Skip(1).Any(mine.Contains):
                var compromise = e.Data.TryGetProperty("compromise", out var c) ? Number(c, "number") : null;
                return ("yourAmendmentsDecided", $"Merged by {e.Actor} into the compromise A{compromise}.");
            case "amendmentProposed" when !string.Equals(e.Actor, caller, StringComparison.OrdinalIgnoreCase) && e.Touches.Any(followed.Contains):
                var paragraph = e.Touches.Where(followed.Contains).Select(t => labels.GetValueOrDefault(t)).FirstOrDefault();
                return ("newAmendmentsOnYourParagraphs", $"A{number} by {Text(e.Data, "proposer") ?? e.Actor} on paragraph {paragraph}.");
            case "positionSet" when e.Touches.Any(mine.Contains) && !string.Equals(e.Actor, caller, StringComparison.OrdinalIgnoreCase):
                var after = e.Data.TryGetProperty("after", out var a) ? a : default;
                return ("positionsOnYourAmendments", $"{Text(after, "delegation") ?? e.Actor}: {Text(after, "stance")}{(Text(after, "statement") is { } s ? $" — “{s}”" : ".")}");
            case "silenceStarted":
                return ("silence", $"Silence procedure opened by {e.Actor}, until {Text(e.Data, "deadline")}.");
            case "silenceBroken":
                return ("silence", $"Silence broken by {Text(e.Data, "brokenBy") ?? e.Actor}.");
            case "silenceConcluded":
                return ("silence", $"Silence procedure concluded: {Text(e.Data, "outcome") ?? "closed"}.");
            case "revisionIssued":
                return ("revisions", $"{Text(e.Data, "name") ?? $"Revision {Number(e.Data, "number")}"} issued.");
            case "documentAdopted":
                return ("adoption", "The document was adopted by consensus.");
            default:
                return null;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
            : null;

    private static string? Number(JsonElement element, string name) => Text(element, name);

    /// <summary>The digest as Markdown, ready to mail: a heading per document, a list per kind of change.</summary>
    public static string Markdown(DigestResponse digest)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# What changed for {digest.Delegation}\n\n");
        text.Append(CultureInfo.InvariantCulture, $"From {digest.Since:yyyy-MM-dd HH:mm} to {digest.Until:yyyy-MM-dd HH:mm} UTC.\n");
        if (digest.Documents.Count == 0)
        {
            text.Append("\nNothing changed that concerns you.\n");
        }

        foreach (var document in digest.Documents)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n## {Escape(document.Symbol)}: {Escape(document.Title)}\n");
            foreach (var section in document.Sections)
            {
                text.Append(CultureInfo.InvariantCulture, $"\n### {section.Title}\n\n");
                foreach (var item in section.Items)
                {
                    text.Append(CultureInfo.InvariantCulture, $"- {item.OccurredAt:yyyy-MM-dd HH:mm}: {Escape(item.Summary)}\n");
                }
            }
        }

        return text.ToString();
    }

    private static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var ch in text.ReplaceLineEndings(" "))
        {
            if (ch is '\\' or '*' or '_' or '`' or '[' or ']' or '<' or '>' or '#' or '|')
            {
                escaped.Append('\\');
            }

            escaped.Append(ch);
        }

        return escaped.ToString();
    }
}
