using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OewgDrafting.Api.Infrastructure.Auth;
using OewgDrafting.Api.Infrastructure.Http;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Amendments;

namespace OewgDrafting.Api.Features.Amendments;

public sealed record ProposeAmendmentRequest(
    [property: System.ComponentModel.DataAnnotations.Required] AmendmentKind? Kind,
    Guid? BlockId,
    Guid? AfterBlockId,
    int? BaseVersion,
    string? Anchor,
    Placement? Placement,
    string? Quote,
    string? Text,
    int? Occurrence,
    string? Justification,
    string? OnBehalfOf,
    IReadOnlyList<string>? Cosponsors)
{
    public ChangeSpec ToSpec() => new(Kind, BlockId, AfterBlockId, BaseVersion, Anchor, Placement, Quote, Text, Occurrence);
}

/// <summary>A sub-amendment: words of the parent's proposed text to insert (after or before <c>anchor</c>), delete or replace (<c>quote</c>).</summary>
public sealed record SubAmendmentRequest(
    [property: System.ComponentModel.DataAnnotations.Required] AmendmentKind? Kind,
    string? Anchor,
    Placement? Placement,
    string? Quote,
    string? Text,
    int? Occurrence,
    string? Justification,
    string? OnBehalfOf,
    IReadOnlyList<string>? Cosponsors);

public sealed record MergeAmendmentsRequest(
    [property: System.ComponentModel.DataAnnotations.Required] IReadOnlyList<Guid>? AmendmentIds,
    [property: System.ComponentModel.DataAnnotations.Required] AmendmentKind? Kind,
    Guid? BlockId,
    Guid? AfterBlockId,
    int? BaseVersion,
    string? Anchor,
    Placement? Placement,
    string? Quote,
    string? Text,
    int? Occurrence,
    string? Justification);

public sealed record RejectAmendmentRequest(string? Reason);

public static class AmendmentsEndpoints
{
    public static IEndpointRouteBuilder MapAmendments(this IEndpointRouteBuilder app)
    {
        var amendments = app.MapGroup("/api/documents/{documentId:guid}").WithTags("Amendments");

        amendments.MapPost("/amendments", ProposeAsync).WithName("ProposeAmendment").RequireAuthorization(Policies.Participant)
            .WithSummary("Tables an amendment (a delegation for itself or a group it belongs to, or the chair's proposal).")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        amendments.MapPost("/amendments/{amendmentId:guid}/sub-amendments", async (Guid documentId, Guid amendmentId, SubAmendmentRequest body,
                IMediator mediator, CancellationToken ct) =>
            {
                var sub = await mediator.Send(new ProposeSubAmendment.Command(documentId, amendmentId, body.Kind, body.Anchor, body.Placement, body.Quote,
                    body.Text, body.Occurrence, body.Justification, body.OnBehalfOf, body.Cosponsors), ct);
                return TypedResults.Created($"/api/documents/{documentId}/amendments/{sub.Id}", sub);
            })
            .WithName("ProposeSubAmendment").RequireAuthorization(Policies.Participant)
            .WithSummary("Amends the words a pending amendment proposes (insert, delete or replace); decided before its parent, it lapses if the parent falls.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        amendments.MapGet("/amendments", ListAsync).WithName("ListAmendments").RequireAuthorization(Policies.Read)
            .WithSummary("Lists amendments, filtered by status, blockId and delegation (proposer or co-sponsor).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        amendments.MapGet("/amendments/{amendmentId:guid}", GetAsync).WithName("GetAmendment").RequireAuthorization(Policies.Read)
            .WithSummary("One amendment with its history, collisions and a preview of the paragraph as it would read if accepted.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        amendments.MapGet("/amendments/{amendmentId:guid}/collisions", AmendmentCollisionsAsync).WithName("ListAmendmentCollisions")
            .RequireAuthorization(Policies.Read)
            .WithSummary("The pending amendments one amendment collides with, a page at a time (?offset=, ?limit= up to 500).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        amendments.MapGet("/collisions", CollisionsAsync).WithName("ListCollisions").RequireAuthorization(Policies.Read)
            .WithSummary("Pending amendments whose targets overlap, paragraph by paragraph, for the chair to merge.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        amendments.MapPost("/amendments/merge", MergeAsync).WithName("MergeAmendments").RequireAuthorization(Policies.Presiding)
            .WithSummary("Folds several pending amendments into a compromise proposal of the chair's office; they become merged (chair, or the facilitator of their cluster).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        amendments.MapPost("/amendments/{amendmentId:guid}/cosponsor", CosponsorAsync).WithName("CosponsorAmendment")
            .RequireAuthorization(Policies.Delegation).WithSummary("Co-sponsors an amendment, for the calling delegation (and so accepts an invitation to).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        amendments.MapPost("/amendments/{amendmentId:guid}/decline-cosponsorship", DeclineAsync)
            .WithName("DeclineCosponsorship").RequireAuthorization(Policies.Delegation)
            .WithSummary("Declines the invitation to co-sponsor that the proposer sent the calling delegation (named in cosponsors at proposal).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        amendments.MapPost("/amendments/{amendmentId:guid}/withdraw-cosponsorship", WithdrawCosponsorshipAsync)
            .WithName("WithdrawCosponsorship").RequireAuthorization(Policies.Delegation)
            .WithSummary("Withdraws the calling delegation's co-sponsorship.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        amendments.MapPost("/amendments/{amendmentId:guid}/withdraw", WithdrawAsync).WithName("WithdrawAmendment")
            .RequireAuthorization(Policies.Participant).WithSummary("Withdraws an amendment (its proposer only).")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        amendments.MapPost("/amendments/{amendmentId:guid}/accept", AcceptAsync).WithName("AcceptAmendment")
            .RequireAuthorization(Policies.Presiding).WithSummary("Applies an amendment to the current text (chair, or the facilitator of its cluster).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        amendments.MapPost("/amendments/{amendmentId:guid}/bracket", BracketAsync).WithName("BracketAmendment")
            .RequireAuthorization(Policies.Presiding).WithSummary("Applies an amendment as bracketed text: [X / Y], [Y] or [X] (chair, or the facilitator of its cluster).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        amendments.MapPost("/amendments/{amendmentId:guid}/reject", RejectAsync).WithName("RejectAmendment")
            .RequireAuthorization(Policies.Presiding).WithSummary("Rejects an amendment, with an optional reason (chair, or the facilitator of its cluster).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        amendments.MapPost("/amendments/{amendmentId:guid}/supersede", SupersedeAsync).WithName("SupersedeAmendment")
            .RequireAuthorization(Policies.Presiding).WithSummary("Marks an amendment whose target text is gone as superseded (chair, or the facilitator of its cluster).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Created<AmendmentResponse>> ProposeAsync(Guid documentId, ProposeAmendmentRequest body, IMediator mediator,
        IServiceProvider services, CancellationToken ct)
    {
        var proposed = await mediator.Send(new ProposeAmendment.Command(documentId, body.ToSpec(), body.Justification, body.OnBehalfOf, body.Cosponsors), ct);
        // Committed: the answer's decoration is read afterwards, while the document's queue moves on.
        var answer = await mediator.Send(new DescribeProposal.Query(proposed.Amendment, proposed.Paragraph), ct);
        answer = await WithAgreedLanguageAsync(answer, services, ct);
        return TypedResults.Created($"/api/documents/{documentId}/amendments/{answer.Id}", answer);
    }

    /// <summary>Marks an amendment whose proposed words are agreed language.</summary>
    private static async Task<AmendmentResponse> WithAgreedLanguageAsync(AmendmentResponse answer, IServiceProvider services, CancellationToken ct)
    {
        if (answer.Text is null)
        {
            return answer;
        }

        var marks = await services.GetRequiredService<Infrastructure.Search.PrecedentLibrary>()
            .AgreedLanguageAsync([answer.Text], ct);
        return marks.TryGetValue(answer.Text, out var mark) ? answer with { AgreedLanguage = Search.AgreedLanguageDto.From(mark) } : answer;
    }

    private static async Task<Ok<CollisionPage>> AmendmentCollisionsAsync(Guid documentId, Guid amendmentId, [FromQuery] int? offset,
        [FromQuery] int? limit, IMediator mediator, CancellationToken ct)
    {
        if (offset < 0)
        {
            throw new DomainValidationException("offset", "offset is 0 or more.");
        }

        if (limit is < 1 or > ListAmendmentCollisions.MaxLimit)
        {
            throw new DomainValidationException("limit", $"limit is between 1 and {ListAmendmentCollisions.MaxLimit}.");
        }

        return TypedResults.Ok(await mediator.Send(new ListAmendmentCollisions.Query(documentId, amendmentId, offset ?? 0, limit ?? 100), ct));
    }

    private static async Task<Ok<IReadOnlyList<AmendmentResponse>>> ListAsync(Guid documentId, [FromQuery] string? status,
        [FromQuery] Guid? blockId, [FromQuery] string? delegation, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new ListAmendments.Query(documentId, QueryValues.Enum<AmendmentStatus>(status, "status"), blockId, delegation), ct));

    private static async Task<Ok<AmendmentResponse>> GetAsync(Guid documentId, Guid amendmentId, IMediator mediator, IServiceProvider services,
        CancellationToken ct) =>
        TypedResults.Ok(await WithAgreedLanguageAsync(await mediator.Send(new GetAmendment.Query(documentId, amendmentId), ct), services, ct));

    private static async Task<Ok<IReadOnlyList<CollisionResponse>>> CollisionsAsync(Guid documentId, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new ListCollisions.Query(documentId), ct));

    private static async Task<Created<AmendmentResponse>> MergeAsync(Guid documentId, MergeAmendmentsRequest body, IMediator mediator, CancellationToken ct)
    {
        var spec = new ChangeSpec(body.Kind, body.BlockId, body.AfterBlockId, body.BaseVersion, body.Anchor, body.Placement, body.Quote, body.Text, body.Occurrence);
        var compromise = await mediator.Send(new MergeAmendments.Command(documentId, body.AmendmentIds, spec, body.Justification), ct);
        return TypedResults.Created($"/api/documents/{documentId}/amendments/{compromise.Id}", compromise);
    }

    private static async Task<Ok<AmendmentResponse>> CosponsorAsync(Guid documentId, Guid amendmentId, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new CosponsorAmendment.Command(documentId, amendmentId, Withdraw: false), ct));

    private static async Task<Ok<AmendmentResponse>> DeclineAsync(Guid documentId, Guid amendmentId, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new CosponsorAmendment.Command(documentId, amendmentId, Withdraw: false, Decline: true), ct));

    private static async Task<Ok<AmendmentResponse>> WithdrawCosponsorshipAsync(Guid documentId, Guid amendmentId, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new CosponsorAmendment.Command(documentId, amendmentId, Withdraw: true), ct));

    private static async Task<Ok<AmendmentResponse>> WithdrawAsync(Guid documentId, Guid amendmentId, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new WithdrawAmendment.Command(documentId, amendmentId), ct));

    private static async Task<Ok<AmendmentResponse>> AcceptAsync(Guid documentId, Guid amendmentId, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new DecideAmendment.Command(documentId, amendmentId, Decision.Accept), ct));

    private static async Task<Ok<AmendmentResponse>> BracketAsync(Guid documentId, Guid amendmentId, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new DecideAmendment.Command(documentId, amendmentId, Decision.Bracket), ct));

    private static async Task<Ok<AmendmentResponse>> RejectAsync(Guid documentId, Guid amendmentId,
        [FromBody(EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior.Allow)] RejectAmendmentRequest? body,
        IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new RejectAmendment.Command(documentId, amendmentId, body?.Reason), ct));

    private static async Task<Ok<AmendmentResponse>> SupersedeAsync(Guid documentId, Guid amendmentId, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new SupersedeAmendment.Command(documentId, amendmentId), ct));
}
