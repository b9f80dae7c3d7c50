using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OewgDrafting.Api.Features.Meetings;
using OewgDrafting.Api.Infrastructure.Behaviours;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Amendments;
using OewgDrafting.Domain.Delegations;
using OewgDrafting.Domain.Meetings;

namespace OewgDrafting.Api.Features.Amendments;

/// <summary>
/// A delegation (for itself or a group it belongs to) or the chair amends the words of a pending amendment: insert,
/// delete or replace words of its proposed text. Its deadline is its parent's plus <see cref="MeetingOptions.SubAmendmentInterval"/>.
/// </summary>
public static class ProposeSubAmendment
{
    public sealed record Command(Guid DocumentId, Guid ParentId, AmendmentKind? Kind, string? Anchor, Placement? Placement, string? Quote,
        string? Text, int? Occurrence, string? Justification, string? OnBehalfOf, IReadOnlyList<string>? Cosponsors)
        : ICommand<AmendmentResponse>, IDocumentCommand, IActsForDelegation
    {
        public string? ActingFor => OnBehalfOf;

        public TextChange ToChange() => new ChangeSpec(Kind, ParentId, null, 1, Anchor, Placement, Quote, Text, Occurrence).ToChange();
    }

    public sealed class Validator : IValidator<Command>
    {
        public void Validate(Command message, ValidationErrors errors)
        {
            if (message.Kind is not (null or AmendmentKind.Insert or AmendmentKind.Delete or AmendmentKind.Replace))
            {
                errors.Add("kind", "A sub-amendment inserts, deletes or replaces words of its parent's proposed text: insert, delete or replace.");
                return;
            }

            // The same fields as an amendment's within a paragraph; the parent stands for the paragraph and its version.
            new ChangeSpec(message.Kind, message.ParentId, null, 1, message.Anchor, message.Placement, message.Quote, message.Text, message.Occurrence)
                .Validate(errors);
            if (message.Justification is { Length: > Amendment.MaxJustificationLength })
            {
                errors.Add("justification", $"A justification is at most {Amendment.MaxJustificationLength} characters.");
            }

            if (message.Cosponsors is { Count: > Amendment.MaxCosponsors })
            {
                errors.Add("cosponsors", $"At most {Amendment.MaxCosponsors} co-sponsors.");
            }
        }
    }

    public sealed class Handler(DraftingDbContext db, EventJournal journal, IOptions<MeetingOptions> options) : ICommandHandler<Command, AmendmentResponse>
    {
        public async ValueTask<AmendmentResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var proposer = command.OnBehalfOf?.Trim().ToUpperInvariant() ?? journal.ActorCode;
            var cosponsors = await ProposeAmendment.CosponsorsAsync(db, command.Cosponsors ?? [], proposer, cancellationToken);
            var document = await journal.OpenDocumentAsync(command.DocumentId, cancellationToken);
            document.EnsureInNegotiation();
            var parent = await AmendmentLookup.FindAsync(db, document.Id, command.ParentId, cancellationToken);
            var paragraph = await db.Blocks.AsNoTracking().SingleOrDefaultAsync(b => b.Id == parent.BlockId, cancellationToken)
                ?? throw new ConflictException($"A{parent.Number}'s paragraph no longer exists.", ["blockGone"]);
            if (parent.Kind != AmendmentKind.AddParagraph)
            {
                paragraph.EnsureOpenForNegotiation();
            }

            var tabling = journal.ActorCode != Delegation.ChairCode
                ? await TablingDeadlines.JudgeAsync(db, paragraph, parent.Kind == AmendmentKind.AddParagraph, journal.Now, cancellationToken,
                    options.Value.SubAmendmentInterval)
                : Tabling.OnTime;
            var last = journal.KnownLastAmendmentNumber(document.Id)
                ?? await db.Amendments.Where(a => a.DocumentId == document.Id).MaxAsync(a => (int?)a.Number, cancellationToken) ?? 0;
            var sub = Amendment.ProposeSub(Guid.CreateVersion7(journal.Now), parent, journal.TakeAmendmentNumber(document.Id, last), command.ToChange(),
                command.Justification ?? string.Empty, proposer, journal.ActorCode, cosponsors, journal.Now, late: tabling == Tabling.Late);
            db.Amendments.Add(sub);
            journal.Record(document, EventType.AmendmentProposed, ProposeAmendment.Snapshot(sub), sub.Id, parent.Id, sub.BlockId, parent.Proposer);
            return await SubAmendmentViews.DescribeAsync(db, sub, withHistory: false, cancellationToken, parent);
        }
    }
}
