using OewgDrafting.Api.Infrastructure.Behaviours;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Rendering;
using OewgDrafting.Domain.Revisions;

namespace OewgDrafting.Api.Features.Revisions;

public sealed record RevisionSummary(int Number, string Name, DateTimeOffset IssuedAt, string IssuedBy, long DocumentVersion, bool Renumbered, bool Final)
{
    public static RevisionSummary From(Revision r) => new(r.Number, r.Name, r.IssuedAt, r.IssuedBy, r.DocumentVersion, r.Renumbered, r.Final);
}

/// <summary>The chair issues the next revision (Rev.1, Rev.2…), optionally renumbering 5 bis and the like into clean numbers first.</summary>
public static class IssueRevision
{
    public sealed record Command(Guid DocumentId, bool Renumber) : ICommand<RevisionSummary>, IDocumentCommand;

    public sealed class Handler(DraftingDbContext db, EventJournal journal) : ICommandHandler<Command, RevisionSummary>
    {
        public async ValueTask<RevisionSummary> Handle(Command command, CancellationToken cancellationToken)
        {
            var document = await journal.OpenDocumentAsync(command.DocumentId, cancellationToken);
            document.EnsureInNegotiation();
            var blocks = await db.Blocks.Where(b => b.DocumentId == document.Id).OrderBy(b => b.Position).ToListAsync(cancellationToken);
            var relabelled = new List<object>();
            if (command.Renumber)
            {
                var labels = ParagraphLabel.Renumber(blocks.Where(b => b.IsNumberedParagraph).Select(b => (b.Id, b.Label)));
                foreach (var block in blocks.Where(b => labels.ContainsKey(b.Id) && labels[b.Id] != b.Label))
                {
                    relabelled.Add(new { BlockId = block.Id, From = block.Label, To = labels[block.Id] });
                    block.Relabel(labels[block.Id]);
                }
            }

            var number = (await db.Revisions.Where(r => r.DocumentId == document.Id).MaxAsync(r => (int?)r.Number, cancellationToken) ?? -1) + 1;
            var revision = Revision.Freeze(Guid.CreateVersion7(journal.Now), document, blocks, number, journal.ActorCode, journal.Now, command.Renumber, final: false);
            db.Revisions.Add(revision);
            journal.Record(document, "revisionIssued", new { revision.Number, revision.Name, Relabelled = relabelled }, revision.Id);
            return RevisionSummary.From(revision);
        }
    }

    /// <summary>The zero draft (revision 0), frozen when the chair opens the negotiation.</summary>
    public static Revision ZeroDraft(Document document, IEnumerable<Block> blocks, string chair, DateTimeOffset now) =>
        Revision.Freeze(Guid.CreateVersion7(now), document, blocks, 0, chair, now, renumbered: false, final: false);
}

public static class ListRevisions
{
    public sealed record Query(Guid DocumentId) : IQuery<IReadOnlyList<RevisionSummary>>;

    public sealed class Handler(DraftingDbContext db) : IQueryHandler<Query, IReadOnlyList<RevisionSummary>>
    {
        public async ValueTask<IReadOnlyList<RevisionSummary>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!await db.Documents.AnyAsync(d => d.Id == query.DocumentId, cancellationToken))
            {
                throw new NotFoundException("Document", query.DocumentId);
            }

            return (await db.Revisions.AsNoTracking().Where(r => r.DocumentId == query.DocumentId).OrderBy(r => r.Number).ToListAsync(cancellationToken))
                .Select(RevisionSummary.From).ToList();
        }
    }
}

/// <summary>One side of a comparison: a frozen revision, or the current text.</summary>
public static class RevisionTexts
{
    public static async Task<(string Name, TextDocument Text, DateTimeOffset At)> LoadAsync(DraftingDbContext db, Guid documentId, string which, CancellationToken cancellationToken)
    {
        if (string.Equals(which, "current", StringComparison.OrdinalIgnoreCase))
        {
            var (document, blocks) = await GetDocumentText.LoadAsync(db, documentId, cancellationToken);
            return ("current", GetDocumentText.ToTextDocument(document, blocks), document.UpdatedAt);
        }

        if (!int.TryParse(which, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            throw new BadHttpRequestException($"'{which}' is neither a revision number nor 'current'.", StatusCodes.Status400BadRequest);
        }

        if (!await db.Documents.AnyAsync(d => d.Id == documentId, cancellationToken))
        {
            throw new NotFoundException("Document", documentId);
        }

        var revision = await db.Revisions.AsNoTracking().SingleOrDefaultAsync(r => r.DocumentId == documentId && r.Number == number, cancellationToken)
            ?? throw new NotFoundException("Revision", number);
        return (revision.Name, revision.ToTextDocument(), revision.IssuedAt);
    }
}
