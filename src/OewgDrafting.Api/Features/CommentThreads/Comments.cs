using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OewgDrafting.Api.Infrastructure.Auth;
using OewgDrafting.Api.Infrastructure.Behaviours;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Http;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Comments;
using OewgDrafting.Domain.Delegations;
using OewgDrafting.Domain.Documents;

namespace OewgDrafting.Api.Features.CommentThreads;

public sealed record CommentAnchorResponse(CommentAnchorState State, int? Start, int? Length);

public sealed record CommentResponse(
    Guid Id,
    Guid DocumentId,
    Guid BlockId,
    Guid ThreadId,
    Guid? ParentId,
    int Depth,
    string Author,
    string ThreadAuthor,
    CommentVisibility Visibility,
    string Text,
    string? Quote,
    int? Occurrence,
    int BlockVersion,
    CommentAnchorResponse Anchor,
    CommentStatus Status,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static CommentResponse From(Comment c, CommentStatus threadStatus, CommentAnchor anchor) =>
        new(c.Id, c.DocumentId, c.BlockId, c.ThreadId, c.ParentId, c.Depth, c.Author, c.ThreadAuthor, c.Visibility, c.Text, c.Quote, c.Occurrence, c.BlockVersion,
            new CommentAnchorResponse(anchor.State, anchor.Start, anchor.Length), threadStatus, c.Version, c.CreatedAt, c.UpdatedAt);
}

public sealed record CommentPage(IReadOnlyList<CommentResponse> Comments, int Total, int Offset, int Limit);

/// <summary>A new thread on a block (blockId, optionally a quote of it), or a reply (parentId).</summary>
public sealed record AddCommentRequest(
    [property: Required] string? Text,
    Guid? BlockId,
    Guid? ParentId,
    string? Quote,
    int? Occurrence,
    int? BlockVersion,
    CommentVisibility? Visibility);

public sealed record EditCommentRequest([property: Required] string? Text, int? ExpectedVersion);

/// <summary>Who reads: the chair's office sees every comment, a delegation its own and everyone's public ones.</summary>
internal static class CommentReaders
{
    public static bool IsChair(string actor) => string.Equals(actor, Delegation.ChairCode, StringComparison.OrdinalIgnoreCase);

    public static IQueryable<Comment> VisibleTo(this IQueryable<Comment> comments, string actor) =>
        IsChair(actor)
            ? comments
            : comments.Where(c => c.Visibility == CommentVisibility.Participants || c.Author == actor || c.ThreadAuthor == actor);

    /// <summary>The comment, if the actor may see it; otherwise a 404, as if it did not exist.</summary>
    public static async Task<Comment> FindVisibleAsync(DraftingDbContext db, Guid documentId, Guid commentId, string actor, bool tracked,
        CancellationToken cancellationToken)
    {
        var query = tracked ? db.Comments : db.Comments.AsNoTracking();
        return await query.Where(c => c.DocumentId == documentId && c.Id == commentId).VisibleTo(actor).SingleOrDefaultAsync(cancellationToken)
               ?? throw new NotFoundException("Comment", commentId);
    }

    public static async Task<CommentResponse> RespondAsync(DraftingDbContext db, Comment comment, CancellationToken cancellationToken)
    {
        var status = comment.IsThread
            ? comment.Status
            : await db.Comments.AsNoTracking().Where(c => c.Id == comment.ThreadId).Select(c => c.Status).SingleAsync(cancellationToken);
        var block = await db.Blocks.AsNoTracking().SingleOrDefaultAsync(b => b.Id == comment.BlockId, cancellationToken);
        return CommentResponse.From(comment, status, Locate(comment, block));
    }

    public static CommentAnchor Locate(Comment comment, Block? block) =>
        block is null ? new CommentAnchor(CommentAnchorState.Detached, null, null) : comment.LocateIn(block);
}

public static class AddComment
{
    public sealed record Command(Guid DocumentId, AddCommentRequest Body) : ICommand<CommentResponse>, IDocumentCommand;

    public sealed class Validator : IValidator<Command>
    {
        public void Validate(Command message, ValidationErrors errors)
        {
            errors.Required("text", message.Body.Text);
            if (message.Body.BlockId is null == message.Body.ParentId is null)
            {
                errors.Add("blockId", "Give blockId to start a thread on a block, or parentId to reply to a comment (one of them).");
            }

            if (message.Body.ParentId is not null && (message.Body.Quote is not null || message.Body.Visibility is not null || message.Body.Occurrence is not null))
            {
                errors.Add("parentId", "A reply takes its block, quote and visibility from its thread: send text and parentId only.");
            }
        }
    }

    public sealed class Handler(DraftingDbContext db, EventJournal journal) : ICommandHandler<Command, CommentResponse>
    {
        public async ValueTask<CommentResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var body = command.Body;
            var actor = journal.ActorCode;
            Comment? parent = null, thread = null;
            if (body.ParentId is { } parentId)
            {
                parent = await CommentReaders.FindVisibleAsync(db, command.DocumentId, parentId, actor, tracked: false, cancellationToken);
                thread = parent.IsThread ? parent : await db.Comments.AsNoTracking().SingleAsync(c => c.Id == parent.ThreadId, cancellationToken);
            }

            var document = await journal.OpenDocumentAsync(command.DocumentId, cancellationToken);
            document.EnsureNotAdopted();
            var block = await db.FindBlockAsync(document.Id, parent?.BlockId ?? body.BlockId!.Value, cancellationToken);
            Comment comment;
            if (parent is not null)
            {
                comment = Comment.Reply(Guid.CreateVersion7(journal.Now), document.Version, parent, thread!, actor, body.Text, journal.Now);
            }
            else
            {
                if (body.BlockVersion is { } written)
                {
                    block.EnsureVersion(written);
                }

                comment = Comment.Start(Guid.CreateVersion7(journal.Now), document.Version, block, actor, body.Visibility ?? CommentVisibility.Participants, body.Text,
                    body.Quote, body.Occurrence, journal.Now);
            }

            db.Comments.Add(comment);
            var response = CommentResponse.From(comment, thread?.Status ?? comment.Status, CommentReaders.Locate(comment, block));
            journal.Record(document, "commentAdded", response, comment.Id, block.Id);
            return response;
        }
    }
}

public static class EditComment
{
    public sealed record Command(Guid DocumentId, Guid CommentId, string? Text, int ExpectedVersion) : ICommand<CommentResponse>, IDocumentCommand;

    public sealed class Validator : IValidator<Command>
    {
        public void Validate(Command message, ValidationErrors errors) => errors.Required("text", message.Text);
    }

    public sealed class Handler(DraftingDbContext db, EventJournal journal) : ICommandHandler<Command, CommentResponse>
    {
        public async ValueTask<CommentResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var document = await journal.OpenDocumentAsync(command.DocumentId, cancellationToken);
            document.EnsureNotAdopted();
            var comment = await CommentReaders.FindVisibleAsync(db, document.Id, command.CommentId, journal.ActorCode, tracked: true, cancellationToken);
            var hasReplies = await db.Comments.AnyAsync(c => c.ParentId == comment.Id, cancellationToken);
            var before = comment.Text;
            comment.Edit(journal.ActorCode, command.Text, command.ExpectedVersion, hasReplies, journal.Now);
            var response = await CommentReaders.RespondAsync(db, comment, cancellationToken);
            journal.Record(document, "commentEdited", new { Before = before, After = response, response.Visibility, response.Author, response.ThreadAuthor }, comment.Id, comment.BlockId);
            return response;
        }
    }
}

public static class DeleteComment
{
    public sealed record Command(Guid DocumentId, Guid CommentId) : ICommand<Unit>, IDocumentCommand;

    public sealed class Handler(DraftingDbContext db, EventJournal journal) : ICommandHandler<Command, Unit>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            var document = await journal.OpenDocumentAsync(command.DocumentId, cancellationToken);
            document.EnsureNotAdopted();
            var comment = await CommentReaders.FindVisibleAsync(db, document.Id, command.CommentId, journal.ActorCode, tracked: true, cancellationToken);
            comment.EnsureDeletable(journal.ActorCode, await db.Comments.AnyAsync(c => c.ParentId == comment.Id, cancellationToken));
            db.Comments.Remove(comment);
            journal.Record(document, "commentDeleted", new { comment.Id, comment.ThreadId, comment.BlockId, comment.Author, comment.ThreadAuthor, comment.Visibility, comment.Text },
                comment.Id, comment.BlockId);
            return Unit.Value;
        }
    }
}

/// <summary>The chair resolves a thread (the question is answered) or reopens it.</summary>
public static class DecideThread
{
    public sealed record Command(Guid DocumentId, Guid CommentId, bool Resolve) : ICommand<CommentResponse>, IDocumentCommand;

    public sealed class Handler(DraftingDbContext db, EventJournal journal) : ICommandHandler<Command, CommentResponse>
    {
        public async ValueTask<CommentResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var document = await journal.OpenDocumentAsync(command.DocumentId, cancellationToken);
            document.EnsureNotAdopted();
            var comment = await CommentReaders.FindVisibleAsync(db, document.Id, command.CommentId, journal.ActorCode, tracked: true, cancellationToken);
            if (command.Resolve)
            {
                comment.Resolve(journal.Now);
            }
            else
            {
                comment.Reopen(journal.Now);
            }

            var response = await CommentReaders.RespondAsync(db, comment, cancellationToken);
            journal.Record(document, command.Resolve ? "commentThreadResolved" : "commentThreadReopened", response, comment.Id, comment.BlockId);
            return response;
        }
    }
}

public static class ListComments
{
    public const int MaxLimit = 500;

    public sealed record Query(Guid DocumentId, Guid? BlockId, CommentStatus? Status, string? Delegation, int Offset, int Limit) : IQuery<CommentPage>;

    public sealed class Handler(DraftingDbContext db, ICurrentActor actor) : IQueryHandler<Query, CommentPage>
    {
        public async ValueTask<CommentPage> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!await db.Documents.AnyAsync(d => d.Id == query.DocumentId, cancellationToken))
            {
                throw new NotFoundException("Document", query.DocumentId);
            }

            var visible = db.Comments.AsNoTracking().Where(c => c.DocumentId == query.DocumentId).VisibleTo(actor.Code);
            if (query.BlockId is { } blockId)
            {
                visible = visible.Where(c => c.BlockId == blockId);
            }

            if (query.Delegation is { } delegation)
            {
                var code = delegation.Trim().ToUpperInvariant();
                visible = visible.Where(c => c.Author == code);
            }

            if (query.Status is { } status)
            {
                var threads = db.Comments.Where(t => t.DocumentId == query.DocumentId && t.ParentId == null && t.Status == status).Select(t => t.Id);
                visible = visible.Where(c => threads.Contains(c.ThreadId));
            }

            var total = await visible.CountAsync(cancellationToken);
            var comments = await visible.OrderBy(c => c.Sequence).Skip(query.Offset).Take(query.Limit).ToListAsync(cancellationToken);
            var threadIds = comments.Select(c => c.ThreadId).Distinct().ToList();
            var statuses = await db.Comments.AsNoTracking().Where(c => threadIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Status, cancellationToken);
            var blockIds = comments.Select(c => c.BlockId).Distinct().ToList();
            var blocks = await db.Blocks.AsNoTracking().Where(b => blockIds.Contains(b.Id)).ToDictionaryAsync(b => b.Id, cancellationToken);
            return new CommentPage(comments.Select(c => CommentResponse.From(c, statuses.GetValueOrDefault(c.ThreadId, c.Status),
                CommentReaders.Locate(c, blocks.GetValueOrDefault(c.BlockId)))).ToList(), total, query.Offset, query.Limit);
        }
    }
}

public static class GetComment
{
    public sealed record Query(Guid DocumentId, Guid CommentId) : IQuery<CommentResponse>;

    public sealed class Handler(DraftingDbContext db, ICurrentActor actor) : IQueryHandler<Query, CommentResponse>
    {
        public async ValueTask<CommentResponse> Handle(Query query, CancellationToken cancellationToken) =>
            await CommentReaders.RespondAsync(db,
                await CommentReaders.FindVisibleAsync(db, query.DocumentId, query.CommentId, actor.Code, tracked: false, cancellationToken), cancellationToken);
    }
}

/// <summary>Open threads everyone may see, per block: what the compilation shows beside each paragraph.</summary>
public static class OpenCommentCounts
{
    public static async Task<Dictionary<Guid, int>> ForDocumentAsync(DraftingDbContext db, Guid documentId, CancellationToken cancellationToken) =>
        await db.Comments.AsNoTracking()
            .Where(c => c.DocumentId == documentId && c.ParentId == null && c.Status == CommentStatus.Open && c.Visibility == CommentVisibility.Participants)
            .GroupBy(c => c.BlockId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
}
