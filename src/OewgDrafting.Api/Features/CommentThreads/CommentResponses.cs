using System.ComponentModel.DataAnnotations;
using OewgDrafting.Domain.Comments;

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
