using Mediator;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Infrastructure.Auth;
using OewgDrafting.Api.Infrastructure.Behaviours;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;

namespace OewgDrafting.Api.Features.Consensus;

/// <summary>The chair agrees a paragraph ad referendum, refused while a bracket, a pending amendment or an objection stands.</summary>
public static class AgreeBlock
{
    public sealed record Command(Guid DocumentId, Guid BlockId) : ICommand<BlockResponse>, IDocumentCommand;

    public sealed class Handler(DraftingDbContext db, EventJournal journal, PresidingCheck presiding) : ICommandHandler<Command, BlockResponse>
    {
        public async ValueTask<BlockResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var document = await journal.OpenDocumentAsync(command.DocumentId, cancellationToken);
            document.EnsureInNegotiation();
            var block = await db.FindBlockAsync(document.Id, command.BlockId, cancellationToken);
            await presiding.EnsureAsync(document.Id, block.Id, "agree it");
            block.Agree(await ConsensusLoader.BlockAsync(db, block, cancellationToken));
            journal.Record(document, EventType.BlockAgreed, new { BlockId = block.Id, block.Label }, block.Id);
            return BlockResponse.From(block);
        }
    }
}
