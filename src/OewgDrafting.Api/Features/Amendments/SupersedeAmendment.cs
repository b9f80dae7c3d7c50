using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Auth;
using OewgDrafting.Api.Infrastructure.Behaviours;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Amendments;

namespace OewgDrafting.Api.Features.Amendments;

/// <summary>The chair marks an amendment whose target text is gone as superseded.</summary>
public static class SupersedeAmendment
{
    public sealed record Command(Guid DocumentId, Guid AmendmentId) : ICommand<AmendmentResponse>, IDocumentCommand;

    public sealed class Handler(DraftingDbContext db, EventJournal journal, PresidingCheck presiding) : ICommandHandler<Command, AmendmentResponse>
    {
        public async ValueTask<AmendmentResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var document = await journal.OpenDocumentAsync(command.DocumentId, cancellationToken);
            document.EnsureInNegotiation();
            var amendment = await AmendmentLookup.FindAsync(db, document.Id, command.AmendmentId, cancellationToken);
            await presiding.EnsureAsync(document.Id, amendment.BlockId, $"mark amendment A{amendment.Number} superseded");
            amendment.EnsurePending();
            var block = await db.Blocks.AsNoTracking().SingleOrDefaultAsync(b => b.Id == amendment.BlockId, cancellationToken);
            string? why;
            if (amendment.ParentId is { } parentId)
            {
                // A sub-amendment targets its parent's words, not the paragraph's.
                var parent = await db.Amendments.AsNoTracking().SingleAsync(a => a.Id == parentId, cancellationToken);
                why = !parent.IsPending ? $"A{parent.Number}, the amendment it amends, is {parent.Status.ToString().ToLowerInvariant()}."
                    : Collisions.Resolve(parent.Text!, parent.Version, AmendmentViews.ToPending(amendment)).Conflict;
            }
            else if (block is null)
            {
                why = "Its paragraph no longer exists.";
            }
            else if (amendment.Change.IsWithinParagraph)
            {
                why = AmendmentViews.Resolve(amendment, (block.Text, block.Version)).Conflict;
            }
            else
            {
                why = amendment.Kind != AmendmentKind.AddParagraph && block.Version != amendment.BaseVersion
                    ? $"The paragraph changed since version {amendment.BaseVersion}."
                    : null;
            }

            if (why is null)
            {
                throw new ConflictException($"Amendment A{amendment.Number}'s target is still in the text: accept, bracket, merge or reject it instead.", ["targetPresent"]);
            }

            amendment.Supersede(journal.ActorCode, journal.Now, why);
            var lapsed = await AmendmentLookup.LapseSubAmendmentsAsync(db, journal, amendment, cancellationToken);
            journal.Record(document, EventType.AmendmentSuperseded, new { AmendmentId = amendment.Id, amendment.Number, Reason = why, Lapsed = lapsed },
                amendment.Id, amendment.ParentId);
            return AmendmentResponse.From(amendment);
        }
    }
}
