using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Behaviours;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Documents;

namespace OewgDrafting.Api.Features.Consensus;

/// <summary>
/// Concludes a procedure whose deadline passed unbroken: the covered paragraphs that nothing blocks are
/// agreed; a procedure on the whole document adopts it when nothing else blocks. Runs on every instance
/// and closes each procedure once: under the document's lock, a procedure already closed is left alone.
/// </summary>
public static class CloseSilence
{
    public sealed record Command(Guid ProcedureId) : ICommand<SilenceResponse>, IDocumentCommand;

    public sealed class AlreadyClosedException() : Exception("The procedure was already closed.");

    public sealed class Handler(DraftingDbContext db, EventJournal journal) : ICommandHandler<Command, SilenceResponse>
    {
        public async ValueTask<SilenceResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var documentId = await db.SilenceProcedures.AsNoTracking().Where(s => s.Id == command.ProcedureId).Select(s => (Guid?)s.DocumentId)
                .SingleOrDefaultAsync(cancellationToken) ?? throw new NotFoundException("Silence procedure", command.ProcedureId);
            var document = await journal.OpenDocumentAsync(documentId, cancellationToken);
            var procedure = await db.SilenceProcedures.SingleAsync(s => s.Id == command.ProcedureId, cancellationToken);
            if (!procedure.IsDue(journal.Now) || document.Status != DocumentStatus.Negotiation)
            {
                // Rolls the transaction back: another instance closed it, or it is not due.
                throw new AlreadyClosedException();
            }

            var blocks = await db.Blocks.Where(b => b.DocumentId == document.Id && b.Kind == BlockKind.Paragraph).OrderBy(b => b.Position)
                .ToListAsync(cancellationToken);
            var agreed = new List<string>();
            var notAgreed = new List<string>();
            foreach (var block in blocks.Where(b => procedure.Covers(b.Id) && b.Status == BlockStatus.Open))
            {
                var blockers = await ConsensusLoader.BlockAsync(db, block, cancellationToken);
                if (blockers.BlocksAgreement)
                {
                    notAgreed.Add($"{block.Label ?? "unnumbered"} ({blockers.Describe()})");
                }
                else
                {
                    block.Agree(blockers);
                    agreed.Add(block.Label ?? "unnumbered");
                }
            }

            var outcome = agreed.Count == 0 ? "No paragraph could be agreed." : $"Agreed in silence: {string.Join(", ", agreed)}.";
            if (notAgreed.Count > 0)
            {
                outcome += $" Not agreed: {string.Join("; ", notAgreed)}.";
            }

            var adopted = false;
            if (procedure.WholeDocument)
            {
                await db.SaveChangesAsync(cancellationToken);
                var picture = await ConsensusLoader.PictureAsync(db, document.Id, cancellationToken, exceptSilence: procedure.Id);
                if (picture.CanAdopt)
                {
                    procedure.Conclude(journal.Now, outcome + " The document was adopted.");
                    await AdoptDocument.AdoptAsync(db, journal, document, picture, "silence procedure", cancellationToken);
                    adopted = true;
                }
                else
                {
                    outcome += $" The document was not adopted: {picture.Totals.Describe()}.";
                }
            }

            if (!adopted)
            {
                procedure.Conclude(journal.Now, outcome);
            }

            journal.Record(document, EventType.SilenceConcluded, new { Procedure = SilenceResponse.From(procedure), Agreed = agreed, NotAgreed = notAgreed, Adopted = adopted },
                procedure.Id);
            return SilenceResponse.From(procedure);
        }
    }
}
