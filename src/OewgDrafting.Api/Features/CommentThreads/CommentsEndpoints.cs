using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OewgDrafting.Api.Infrastructure.Auth;
using OewgDrafting.Api.Infrastructure.Http;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Comments;

namespace OewgDrafting.Api.Features.CommentThreads;

public static class CommentsEndpoints
{
    public static IEndpointRouteBuilder MapComments(this IEndpointRouteBuilder app)
    {
        var comments = app.MapGroup("/api/documents/{documentId:guid}/comments").WithTags("Comments");

        comments.MapPost("/", AddAsync).WithName("AddComment").RequireAuthorization(Policies.Participant).RequireRateLimiting(RateLimiting.Comments)
            .WithSummary("Starts a thread on a block (blockId; optionally on a quote of its text, with occurrence, and the block version it was "
                + "written on) or replies to a comment (parentId). Visibility 'participants' (everyone who reads the document) or 'chair' (only "
                + "the author's delegation and the chair's office); a reply has its thread's.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        comments.MapGet("/", ListAsync).WithName("ListComments").RequireAuthorization(Policies.Read)
            .WithSummary("Pages through the comments the caller may see (?blockId=, ?status=open|resolved of their thread, ?delegation= author), "
                + "each with where its quote stands in the paragraph now: attached, re-anchored, or detached when the words are gone.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        comments.MapGet("/{commentId:guid}", GetAsync).WithName("GetComment").RequireAuthorization(Policies.Read)
            .WithSummary("One comment (a 404 for a comment the caller may not see).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        comments.MapPut("/{commentId:guid}", EditAsync).WithName("EditComment").RequireAuthorization(Policies.Participant)
            .WithSummary("Its author edits a comment until someone replies, naming the version read (If-Match or expectedVersion).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        comments.MapDelete("/{commentId:guid}", DeleteAsync).WithName("DeleteComment").RequireAuthorization(Policies.Participant)
            .WithSummary("Its author deletes a comment until someone replies.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        comments.MapPost("/{commentId:guid}/resolve", ResolveAsync).WithName("ResolveCommentThread").RequireAuthorization(Policies.Chair)
            .WithSummary("Resolves a thread, through its first comment (chair).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        comments.MapPost("/{commentId:guid}/reopen", ReopenAsync).WithName("ReopenCommentThread").RequireAuthorization(Policies.Chair)
            .WithSummary("Reopens a resolved thread (chair).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Created<CommentResponse>> AddAsync(Guid documentId, AddCommentRequest body, HttpContext http, IMediator mediator,
        CancellationToken cancellationToken)
    {
        var comment = await mediator.Send(new AddComment.Command(documentId, body), cancellationToken);
        http.Response.Headers.ETag = Versions.ETag(comment.Version);
        return TypedResults.Created($"/api/documents/{documentId}/comments/{comment.Id}", comment);
    }

    private static async Task<Ok<CommentPage>> ListAsync(Guid documentId, [FromQuery] Guid? blockId, [FromQuery] string? status,
        [FromQuery] string? delegation, [FromQuery] int? offset, [FromQuery] int? limit, IMediator mediator, CancellationToken cancellationToken)
    {
        if (offset < 0)
        {
            throw new DomainValidationException("offset", "offset is 0 or more.");
        }

        if (limit is < 1 or > ListComments.MaxLimit)
        {
            throw new DomainValidationException("limit", $"limit is between 1 and {ListComments.MaxLimit}.");
        }

        return TypedResults.Ok(await mediator.Send(new ListComments.Query(documentId, blockId, QueryValues.Enum<CommentStatus>(status, "status"),
            delegation, offset ?? 0, limit ?? 100), cancellationToken));
    }

    private static async Task<Ok<CommentResponse>> GetAsync(Guid documentId, Guid commentId, HttpResponse response, IMediator mediator,
        CancellationToken cancellationToken)
    {
        var comment = await mediator.Send(new GetComment.Query(documentId, commentId), cancellationToken);
        response.Headers.ETag = Versions.ETag(comment.Version);
        return TypedResults.Ok(comment);
    }

    private static async Task<Ok<CommentResponse>> EditAsync(Guid documentId, Guid commentId, EditCommentRequest body, HttpRequest request,
        IMediator mediator, CancellationToken cancellationToken)
    {
        var expected = Versions.Expected(request, body.ExpectedVersion, "comment");
        var comment = await mediator.Send(new EditComment.Command(documentId, commentId, body.Text, expected), cancellationToken);
        request.HttpContext.Response.Headers.ETag = Versions.ETag(comment.Version);
        return TypedResults.Ok(comment);
    }

    private static async Task<NoContent> DeleteAsync(Guid documentId, Guid commentId, IMediator mediator, CancellationToken cancellationToken)
    {
        await mediator.Send(new DeleteComment.Command(documentId, commentId), cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<CommentResponse>> ResolveAsync(Guid documentId, Guid commentId, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new DecideThread.Command(documentId, commentId, Resolve: true), cancellationToken));

    private static async Task<Ok<CommentResponse>> ReopenAsync(Guid documentId, Guid commentId, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new DecideThread.Command(documentId, commentId, Resolve: false), cancellationToken));
}
