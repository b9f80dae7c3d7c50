using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using OewgDrafting.Api.Features.Amendments;
using OewgDrafting.Api.Infrastructure.Auth;

namespace OewgDrafting.Api.Features.Meetings;

/// <summary>POST body of an oral amendment: the change, and the delegation that moved it in the meeting.</summary>
public sealed record OralAmendmentRequest(
    [property: System.ComponentModel.DataAnnotations.Required] string? Delegation,
    [property: System.ComponentModel.DataAnnotations.Required] Domain.Amendments.AmendmentKind? Kind,
    Guid? BlockId,
    Guid? AfterBlockId,
    int? BaseVersion,
    string? Anchor,
    Domain.Amendments.Placement? Placement,
    string? Quote,
    string? Text,
    int? Occurrence,
    string? Justification)
{
    public ChangeSpec ToSpec() => new(Kind, BlockId, AfterBlockId, BaseVersion, Anchor, Placement, Quote, Text, Occurrence);
}

public static class MeetingsEndpoints
{
    public static IEndpointRouteBuilder MapMeetings(this IEndpointRouteBuilder app)
    {
        var documents = app.MapGroup("/api/documents/{documentId:guid}").WithTags("Meetings");

        documents.MapGet("/deadlines", async (Guid documentId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListDeadlines.Query(documentId), ct)))
            .WithName("ListDeadlines").RequireAuthorization(Policies.Read)
            .WithSummary("The tabling deadlines of the document and of its sections, each in its time zone, and where late amendments are open.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        documents.MapPut("/deadline", async (Guid documentId, DeadlineRequest body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new SetDeadline.Command(documentId, null, body.Due, body.TimeZone, body.LateAmendments), ct)))
            .WithName("SetDocumentDeadline").RequireAuthorization(Policies.Chair)
            .WithSummary("Sets, extends or moves the document's tabling deadline, and opens or closes late amendments (chair).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        documents.MapDelete("/deadline", async (Guid documentId, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new ClearDeadline.Command(documentId, null), ct);
                return TypedResults.NoContent();
            })
            .WithName("ClearDocumentDeadline").RequireAuthorization(Policies.Chair)
            .WithSummary("Clears the document's tabling deadline (chair).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        documents.MapPut("/sections/{sectionId:guid}/deadline", async (Guid documentId, Guid sectionId, DeadlineRequest body, IMediator mediator,
                CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new SetDeadline.Command(documentId, sectionId, body.Due, body.TimeZone, body.LateAmendments), ct)))
            .WithName("SetSectionDeadline").RequireAuthorization(Policies.Chair)
            .WithSummary("Sets the tabling deadline of the section a heading opens, or opens it for late amendments (chair).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        documents.MapDelete("/sections/{sectionId:guid}/deadline", async (Guid documentId, Guid sectionId, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new ClearDeadline.Command(documentId, sectionId), ct);
                return TypedResults.NoContent();
            })
            .WithName("ClearSectionDeadline").RequireAuthorization(Policies.Chair)
            .WithSummary("Clears a section's tabling deadline (chair).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

        documents.MapPost("/amendments/oral", OralAsync).WithName("EnterOralAmendment").RequireAuthorization(Policies.Chair).WithTags("Amendments")
            .WithSummary("Enters an amendment a delegation moved orally in the meeting (chair): attributed to that delegation, marked oral; no tabling deadline applies.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    private static async Task<Created<AmendmentResponse>> OralAsync(Guid documentId, OralAmendmentRequest body, IMediator mediator, CancellationToken ct)
    {
        var proposed = await mediator.Send(new ProposeAmendment.Command(documentId, body.ToSpec(), body.Justification, null, null)
        {
            // Never null here: a missing delegation is the validator's field error, not a chair's own proposal.
            MovedOrallyBy = body.Delegation ?? string.Empty,
        }, ct);
        var answer = await mediator.Send(new DescribeProposal.Query(proposed.Amendment, proposed.Paragraph), ct);
        return TypedResults.Created($"/api/documents/{documentId}/amendments/{answer.Id}", answer);
    }
}
