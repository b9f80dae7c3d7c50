using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Auth;
using OewgDrafting.Api.Infrastructure.Behaviours;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Delegations;

namespace OewgDrafting.Api.Features.Amendments;

/// <summary>
/// The chair folds several amendments into one compromise: a chair's proposal is created with the
/// compromise text, and the merged amendments become <c>merged</c>, pointing at it.
/// </summary>
public static class MergeAmendments
{
    public sealed record Command(Guid DocumentId, IReadOnlyList<Guid>? AmendmentIds, ChangeSpec Compromise, string? Justification)
        : ICommand<AmendmentResponse>, IDocumentCommand;

    public sealed class Validator : IValidator<Command>
    {
        public void Validate(Command message, ValidationErrors errors)
        {
            if (message.AmendmentIds is null || message.AmendmentIds.Distinct().Count() < 2)
            {
                errors.Add("amendmentIds", "Name at least two different amendments to merge.");
            }
            else if (message.AmendmentIds.Count > 500)
            {
                errors.Add("amendmentIds", "At most 500 amendments in one merge.");
            }

            message.Compromise.Validate(errors);
        }
    }

    public sealed class Handler(DraftingDbContext db, EventJournal journal, PresidingCheck presiding) : ICommandHandler<Command, AmendmentResponse>
    {
        public async ValueTask<AmendmentResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var document = await journal.OpenDocumentAsync(command.DocumentId, cancellationToken);
            var ids = command.AmendmentIds!.Distinct().ToList();
            var merged = await db.Amendments.Where(a => a.DocumentId == document.Id && ids.Contains(a.Id)).ToListAsync(cancellationToken);
            var missing = ids.Except(merged.Select(m => m.Id)).ToList();
            if (missing.Count > 0)
            {
                throw new NotFoundException("Amendment", missing[0]);
            }

            await presiding.EnsureAsync(document.Id, [.. merged.Select(m => m.BlockId), .. command.Compromise.Target is { } target ? [target] : Array.Empty<Guid>()],
                $"merge {string.Join(", ", merged.OrderBy(m => m.Number).Select(m => $"A{m.Number}"))}");

            foreach (var amendment in merged)
            {
                amendment.EnsurePending();
                if (amendment.ParentId is not null)
                {
                    throw new ConflictException($"A{amendment.Number} is a sub-amendment: it is decided on its parent's words, not merged into a compromise.",
                        ["subAmendment"]);
                }
            }

            // The compromise is the chair's office's, whether the chair or a cluster's facilitator drew it up (submittedBy says who).
            var prepared = await ProposeAmendment.PrepareAsync(db, document.Id, command.Compromise, Delegation.ChairCode, [], cancellationToken);
            var compromise = await ProposeAmendment.CreateAsync(db, journal, document, prepared,
                command.Justification ?? $"Chair's compromise merging {string.Join(", ", merged.OrderBy(m => m.Number).Select(m => $"A{m.Number}"))}.",
                Delegation.ChairCode, cancellationToken);
            var lapsed = new List<Guid>();
            foreach (var amendment in merged)
            {
                amendment.MergeInto(compromise.Id, journal.ActorCode, journal.Now);
                lapsed.AddRange(await AmendmentLookup.LapseSubAmendmentsAsync(db, journal, amendment, cancellationToken));
            }

            journal.Record(document, EventType.AmendmentsMerged, new
            {
                Compromise = ProposeAmendment.Snapshot(compromise),
                Merged = merged.Select(m => new { AmendmentId = m.Id, m.Number, m.Proposer }).ToList(),
                Lapsed = lapsed,
            }, [compromise.Id, .. merged.Select(m => (object?)m.Id)]);
            return AmendmentResponse.From(compromise, preview: AmendmentViews.Preview(compromise,
                await db.Blocks.AsNoTracking().SingleOrDefaultAsync(b => b.Id == compromise.BlockId, cancellationToken)));
        }
    }
}
