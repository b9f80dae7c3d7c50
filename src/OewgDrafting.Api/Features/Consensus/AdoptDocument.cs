using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Behaviours;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain.Consensus;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Positions;
using OewgDrafting.Domain.Revisions;

namespace OewgDrafting.Api.Features.Consensus;

/// <summary>Adoption by consensus: an irreversible, recorded act, possible only when nothing blocks.</summary>
public static class AdoptDocument
{
    public sealed record Command(Guid DocumentId) : ICommand<AdoptionResponse>, IDocumentCommand;

    public sealed class Handler(DraftingDbContext db, EventJournal journal) : ICommandHandler<Command, AdoptionResponse>
    {
        public async ValueTask<AdoptionResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var document = await journal.OpenDocumentAsync(command.DocumentId, cancellationToken);
            document.EnsureInNegotiation();
            var picture = await ConsensusLoader.PictureAsync(db, document.Id, cancellationToken);
            var adoption = await AdoptAsync(db, journal, document, picture, "consensus", cancellationToken);
            journal.Record(document, EventType.DocumentAdopted, AdoptionResponse.From(adoption), document.Id);
            return AdoptionResponse.From(adoption);
        }
    }

    /// <summary>Freezes the document and every block, the final revision, and the adoption record. Shared with the silence procedure.</summary>
    public static async Task<Adoption> AdoptAsync(DraftingDbContext db, EventJournal journal, Document document, ConsensusPicture picture,
        string method, CancellationToken cancellationToken)
    {
        document.Adopt(picture, journal.Now);
        var blocks = await db.Blocks.Where(b => b.DocumentId == document.Id).ToListAsync(cancellationToken);
        foreach (var block in blocks)
        {
            block.Adopt();
        }

        var number = (await db.Revisions.Where(r => r.DocumentId == document.Id).MaxAsync(r => (int?)r.Number, cancellationToken) ?? -1) + 1;
        db.Revisions.Add(Revision.Freeze(Guid.CreateVersion7(journal.Now), document, blocks, number, journal.ActorCode, journal.Now,
            renumbered: false, final: true));

        var labels = blocks.ToDictionary(b => b.Id, b => b.Label);
        var reservations = (await db.Positions.AsNoTracking()
                .Where(p => p.DocumentId == document.Id && p.Stance == Stance.Reserve).ToListAsync(cancellationToken))
            .OrderBy(p => p.Delegation, StringComparer.Ordinal)
            .Select(p => new Reservation(p.Delegation, p.Target.ToString().ToLowerInvariant(), p.TargetId,
                labels.TryGetValue(p.TargetId, out var label) ? label : null, p.Statement))
            .ToList();
        var explanations = (await db.Explanations.AsNoTracking().Where(e => e.DocumentId == document.Id).ToListAsync(cancellationToken))
            .OrderBy(e => e.Id).Select(e => new ExplanationOfPosition(e.Delegation, e.BlockId, e.Text, e.At)).ToList();
        var languages = (await Translations.ListLanguageVersions.SummariesAsync(db, document.Id, cancellationToken))
            .Select(l => new LanguageAtAdoption(l.Language, l.Outdated == 0 && l.Missing == 0, l.Outdated, l.Missing));
        // The head of the log the adoption closes: the event before the adoption's own (saved earlier in this transaction
        // when an earlier command of the batch wrote it).
        var headSequence = document.Version - 1;
        var headHash = await db.DocumentEvents.Where(e => e.DocumentId == document.Id && e.Sequence == headSequence).Select(e => e.Hash)
            .SingleOrDefaultAsync(cancellationToken);
        var adoption = Adoption.Record(document.Id, journal.Now, journal.ActorCode, method, number, document.Version, reservations, explanations, languages,
            headHash, headSequence);
        db.Adoptions.Add(adoption);
        return adoption;
    }
}
