using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Infrastructure.Behaviours;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain.Consensus;
using OewgDrafting.Domain.Text;

namespace OewgDrafting.Api.Features.Consensus;

/// <summary>The chair agrees a paragraph ad referendum, refused while a bracket, a pending amendment or an objection stands.</summary>
public static class AgreeBlock
{
    public sealed record Command(Guid DocumentId, Guid BlockId) : ICommand<BlockResponse>, IDocumentCommand;

    public sealed class Handler(DraftingDbContext db, EventJournal journal) : ICommandHandler<Command, BlockResponse>
    {
        public async ValueTask<BlockResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var document = await journal.OpenDocumentAsync(command.DocumentId, cancellationToken);
            document.EnsureInNegotiation();
            var block = await db.FindBlockAsync(document.Id, command.BlockId, cancellationToken);
            block.Agree(await ConsensusLoader.BlockAsync(db, block, cancellationToken));
            journal.Record(document, "blockAgreed", new { BlockId = block.Id, block.Label }, block.Id);
            return BlockResponse.From(block);
        }
    }
}

/// <summary>The chair reopens an agreed paragraph.</summary>
public static class ReopenBlock
{
    public sealed record Command(Guid DocumentId, Guid BlockId) : ICommand<BlockResponse>, IDocumentCommand;

    public sealed class Handler(DraftingDbContext db, EventJournal journal) : ICommandHandler<Command, BlockResponse>
    {
        public async ValueTask<BlockResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var document = await journal.OpenDocumentAsync(command.DocumentId, cancellationToken);
            document.EnsureInNegotiation();
            var block = await db.FindBlockAsync(document.Id, command.BlockId, cancellationToken);
            block.Reopen();
            journal.Record(document, "blockReopened", new { BlockId = block.Id, block.Label }, block.Id);
            return BlockResponse.From(block);
        }
    }
}

/// <summary>The chair resolves one bracket of a paragraph, against the paragraph version they read.</summary>
public static class ResolveBracket
{
    public sealed record Command(Guid DocumentId, Guid BlockId, int BracketIndex, BracketAction? Action, int? Alternative, int ExpectedVersion)
        : ICommand<BlockResponse>, IDocumentCommand;

    public sealed class Validator : IValidator<Command>
    {
        public void Validate(Command message, ValidationErrors errors)
        {
            errors.Required("action", message.Action);
            if (message.Alternative is not null && message.Action != BracketAction.Keep)
            {
                errors.Add("alternative", "An alternative is named only to keep it.");
            }
        }
    }

    public sealed class Handler(DraftingDbContext db, EventJournal journal) : ICommandHandler<Command, BlockResponse>
    {
        public async ValueTask<BlockResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var document = await journal.OpenDocumentAsync(command.DocumentId, cancellationToken);
            document.EnsureInNegotiation();
            var block = await db.FindBlockAsync(document.Id, command.BlockId, cancellationToken);
            block.EnsureVersion(command.ExpectedVersion);
            block.EnsureOpenForNegotiation();
            var before = BlockSnapshot.Of(block);
            block.Revise(BracketResolution.Resolve(block.Text, command.BracketIndex, command.Action!.Value, command.Alternative));
            journal.Record(document, "bracketResolved", new
            {
                command.BracketIndex,
                command.Action,
                command.Alternative,
                Before = before,
                After = BlockSnapshot.Of(block),
            }, block.Id);
            return BlockResponse.From(block);
        }
    }
}

/// <summary>
/// The chair's dashboard, serialised. Every change advances the document's version; the endpoint caches the
/// bytes in the document's head under that version, so a dashboard polled by many clients is computed once per change.
/// </summary>
public static class GetConsensus
{
    public sealed record Query(Guid DocumentId) : IQuery<Result>;

    public sealed record Result(long Version, byte[] Json);

    public sealed class Handler(DraftingDbContext db,
        Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            // Read before the picture: a picture is never older than the version it is cached under.
            var version = await db.DocumentVersionAsync(query.DocumentId, cancellationToken);
            var picture = await ConsensusLoader.PictureAsync(db, query.DocumentId, cancellationToken);
            var languages = await Translations.ListLanguageVersions.SummariesAsync(db, query.DocumentId, cancellationToken);
            Infrastructure.Telemetry.DraftingMetrics.OpenBrackets(query.DocumentId, picture.Totals.OpenBrackets);
            picture = picture with { Languages = [.. languages.Select(l => new Domain.Languages.LanguageStanding(l.Language, l.Current, l.Outdated, l.Missing))] };
            return new Result(version, System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(picture, json.Value.SerializerOptions));
        }
    }
}
