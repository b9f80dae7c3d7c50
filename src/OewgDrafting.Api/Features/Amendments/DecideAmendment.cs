using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Infrastructure.Auth;
using OewgDrafting.Api.Infrastructure.Behaviours;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Amendments;
using OewgDrafting.Domain.Documents;

namespace OewgDrafting.Api.Features.Amendments;

public enum Decision
{
    Accept,
    Bracket,
}

/// <summary>
/// The chair accepts an amendment (applies it to the current text) or brackets it (applies it as
/// bracketed text). One transaction: the amendment's status, the paragraph's new text and version, and
/// the event. A stale amendment is re-anchored, or refused with the conflict: never applied to other words.
/// </summary>
public static class DecideAmendment
{
    public sealed record Command(Guid DocumentId, Guid AmendmentId, Decision Decision) : ICommand<AmendmentResponse>, IDocumentCommand;

    public sealed class Handler(DraftingDbContext db, EventJournal journal, PresidingCheck presiding) : ICommandHandler<Command, AmendmentResponse>
    {
        public async ValueTask<AmendmentResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var document = await journal.OpenDocumentAsync(command.DocumentId, cancellationToken);
            document.EnsureInNegotiation();
            var amendment = await AmendmentLookup.FindAsync(db, document.Id, command.AmendmentId, cancellationToken);
            await presiding.EnsureAsync(document.Id, amendment.BlockId, $"decide amendment A{amendment.Number}");
            amendment.EnsurePending();
            var bracketed = command.Decision == Decision.Bracket;
            if (amendment.ParentId is { } parentId)
            {
                return await TakeSubAmendmentAsync(db, journal, document, amendment, parentId, bracketed, cancellationToken);
            }

            amendment.EnsureSubAmendmentsDecided(await AmendmentLookup.PendingSubAmendmentsAsync(db, amendment, cancellationToken));
            var change = amendment.Change;

            BlockSnapshot? before = null;
            BlockSnapshot? after = null;
            Guid? resultBlock = null;
            IReadOnlyList<Guid> superseded = [];

            if (change.Kind == AmendmentKind.AddParagraph)
            {
                var anchor = await db.Blocks.AsNoTracking().SingleOrDefaultAsync(b => b.Id == amendment.BlockId, cancellationToken)
                    ?? throw Conflict(amendment, "the block it was to follow no longer exists");
                var slot = await BlockPositions.FindSlotAsync(db, document.Id, anchor.Id, atStart: false, cancellationToken, afterInsertions: true);
                var label = BlockPositions.LabelFor(slot, null, numbered: true);
                var text = AmendmentText.ApplyToParagraph(string.Empty, change, bracketed)!;
                var block = Block.Create(Guid.CreateVersion7(journal.Now), document.Id, BlockKind.Paragraph, null, label, text,
                    slot.Position, document.NewBlockStatus);
                db.Blocks.Add(block);
                after = BlockSnapshot.Of(block);
                resultBlock = block.Id;
            }
            else
            {
                var block = await db.Blocks.SingleOrDefaultAsync(b => b.Id == amendment.BlockId && b.DocumentId == document.Id, cancellationToken)
                    ?? throw Conflict(amendment, "its paragraph no longer exists");
                block.EnsureOpenForNegotiation();
                before = BlockSnapshot.Of(block);
                string? newText;
                if (change.IsWithinParagraph)
                {
                    TextSpan span;
                    try
                    {
                        span = block.Version == amendment.BaseVersion
                            ? AmendmentText.Locate(block.Text, change)
                            : AmendmentText.Reanchor(block.Text, change, amendment.BaseOccurrences);
                    }
                    catch (AnchorException e)
                    {
                        throw Conflict(amendment, e.Message);
                    }

                    newText = AmendmentText.Apply(block.Text, span, change, bracketed);
                }
                else
                {
                    if (block.Version != amendment.BaseVersion)
                    {
                        throw Conflict(amendment,
                            $"it {(change.Kind == AmendmentKind.DeleteParagraph ? "deletes" : "replaces")} the whole paragraph as it read at version {amendment.BaseVersion}, and the paragraph has changed since (version {block.Version})");
                    }

                    newText = AmendmentText.ApplyToParagraph(block.Text, change, bracketed);
                }

                if (newText is null)
                {
                    db.Blocks.Remove(block);
                    superseded = await SupersedeOnDeletedBlockAsync(db, journal, amendment, block.Id, cancellationToken);
                }
                else
                {
                    if (!Domain.Text.BracketedText.TryParse(newText, out _, out var error))
                    {
                        throw Conflict(amendment, $"applied now, it would leave unbalanced brackets ({error!.Message})");
                    }

                    block.Revise(newText);
                    after = BlockSnapshot.Of(block);
                }
            }

            if (bracketed)
            {
                amendment.ApplyBracketed(journal.ActorCode, journal.Now, resultBlock);
            }
            else
            {
                amendment.Accept(journal.ActorCode, journal.Now, resultBlock);
            }

            journal.Record(document, bracketed ? EventType.AmendmentBracketed : EventType.AmendmentAccepted, new
            {
                AmendmentId = amendment.Id,
                amendment.Number,
                amendment.Proposer,
                Before = before,
                After = after,
                Superseded = superseded,
            }, amendment.Id, amendment.BlockId, resultBlock);
            return AmendmentResponse.From(amendment);
        }
    }

    /// <summary>
    /// A sub-amendment accepted or bracketed changes its parent's proposed words, not the text; the event tells the
    /// parent's proposer (it names it and touches it).
    /// </summary>
    private static async Task<AmendmentResponse> TakeSubAmendmentAsync(DraftingDbContext db, EventJournal journal, Document document, Amendment sub,
        Guid parentId, bool bracketed, CancellationToken cancellationToken)
    {
        var parent = await AmendmentLookup.FindAsync(db, document.Id, parentId, cancellationToken);
        var before = parent.Text;
        parent.TakeSubAmendment(sub, bracketed, journal.ActorCode, journal.Now);
        journal.Record(document, EventType.SubAmendmentTaken, new
        {
            AmendmentId = sub.Id,
            sub.Number,
            sub.Proposer,
            Bracketed = bracketed,
            ParentId = parent.Id,
            ParentNumber = parent.Number,
            ParentProposer = parent.Proposer,
            ParentTextBefore = before,
            ParentText = parent.Text,
        }, sub.Id, parent.Id, parent.BlockId, parent.Proposer);
        return AmendmentResponse.From(sub);
    }

    private static ConflictException Conflict(Amendment amendment, string why) =>
        new($"Amendment A{amendment.Number} cannot be applied: {why}. The chair can mark it superseded (POST …/supersede) or merge it into a compromise.",
            ["anchorConflict"]);

    /// <summary>Pending amendments on a paragraph that is gone have lost their target: they are superseded with it.</summary>
    public static async Task<IReadOnlyList<Guid>> SupersedeOnDeletedBlockAsync(DraftingDbContext db, EventJournal journal, Amendment? cause,
        Guid blockId, CancellationToken cancellationToken)
    {
        var orphans = await db.Amendments
            .Where(a => a.BlockId == blockId && a.Status == AmendmentStatus.Proposed && (cause == null || a.Id != cause.Id))
            .ToListAsync(cancellationToken);
        foreach (var orphan in orphans.Where(o => o.Kind != AmendmentKind.AddParagraph))
        {
            orphan.Supersede(journal.ActorCode, journal.Now, "Its paragraph was deleted.");
        }

        return orphans.Where(o => o.Kind != AmendmentKind.AddParagraph).Select(o => o.Id).ToList();
    }
}
