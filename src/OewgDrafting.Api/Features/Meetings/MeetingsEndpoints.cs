using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OewgDrafting.Api.Features.Amendments;
using OewgDrafting.Api.Infrastructure.Auth;
using OewgDrafting.Api.Infrastructure.Errors;
using OewgDrafting.Api.Infrastructure.Http;
using OewgDrafting.Api.Infrastructure.OpenApi;
using OewgDrafting.Domain.Meetings;

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
            .WithName("SetSectionDeadline").RequireAuthorization(Policies.Presiding)
            .WithSummary("Sets the tabling deadline of the section a heading opens, or opens it for late amendments (chair, or the facilitator of its cluster).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        documents.MapDelete("/sections/{sectionId:guid}/deadline", async (Guid documentId, Guid sectionId, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new ClearDeadline.Command(documentId, sectionId), ct);
                return TypedResults.NoContent();
            })
            .WithName("ClearSectionDeadline").RequireAuthorization(Policies.Presiding)
            .WithSummary("Clears a section's tabling deadline (chair, or the facilitator of its cluster).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

        documents.MapGet("/decision-list", DecisionListAsync)
            .WithName("GetDecisionList").RequireAuthorization(Policies.Read)
            .WithSummary("The pending amendments in the order the chair takes them (text order; sub-amendments after their parent; identical ones as one "
                + "item; colliding ones marked, furthest from the text first), with the chair's proposed handling and each proposer's answer; for a "
                + "section (?section=headingId) or a range of paragraphs (?from=label&to=label); as JSON, Markdown or a Word table (Accept, or ?format=json|markdown|docx).")
            .Produces<DecisionListResponse>(StatusCodes.Status200OK, TextFormats.Json)
            .WithMetadata(new TextRepresentationsMetadata(TextFormats.Markdown, TextFormats.Docx))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status406NotAcceptable)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        documents.MapPut("/amendments/{amendmentId:guid}/handling", async (Guid documentId, Guid amendmentId, HandlingRequest body, IMediator mediator,
                CancellationToken ct) => TypedResults.Ok(await mediator.Send(new ProposeHandling.Command(documentId, amendmentId, body.Handling, body.Text, body.Note, body.Order), ct)))
            .WithName("ProposeHandling").RequireAuthorization(Policies.Presiding).WithTags("Meetings")
            .WithSummary("Publishes the chair's proposed handling of a pending amendment: accept, bracket, reject, merge (with the compromise text) or discuss, "
                + "and optionally the chair's own order among the amendments it collides with; changing it asks the proposer again (chair, or the facilitator of its cluster).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        documents.MapPost("/amendments/{amendmentId:guid}/handling/accept", async (Guid documentId, Guid amendmentId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new AnswerHandling.Command(documentId, amendmentId, HandlingAnswer.Accepted, null), ct)))
            .WithName("AcceptHandling").RequireAuthorization(Policies.Delegation)
            .WithSummary("The amendment's proposer accepts the chair's proposed handling.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        documents.MapPost("/amendments/{amendmentId:guid}/handling/contest", async (Guid documentId, Guid amendmentId, HandlingAnswerRequest body,
                IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new AnswerHandling.Command(documentId, amendmentId, HandlingAnswer.Contested, body.Statement), ct)))
            .WithName("ContestHandling").RequireAuthorization(Policies.Delegation)
            .WithSummary("The amendment's proposer contests the chair's proposed handling, saying why.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

        documents.MapGet("/on-the-table", async (Guid documentId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetTablePointer.Query(documentId), ct)))
            .WithName("GetOnTheTable").RequireAuthorization(Policies.Read)
            .WithSummary("What is on the table now: the paragraph (and the amendment) the chair points the room to; nulls before the first.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        documents.MapPut("/on-the-table", async (Guid documentId, TablePointerRequest body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new PointTable.Command(documentId, body.BlockId, body.AmendmentId), ct)))
            .WithName("SetOnTheTable").RequireAuthorization(Policies.Presiding)
            .WithSummary("Points the room to a paragraph, or to the amendment being taken; an event on the stream that open viewers follow (chair, or the facilitator of its cluster).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

        documents.MapGet("/clusters", async (Guid documentId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListClusters.Query(documentId), ct)))
            .WithName("ListClusters").RequireAuthorization(Policies.Read)
            .WithSummary("The document's clusters of sections and their facilitators, in text order.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        documents.MapGet("/clusters/{clusterId:guid}", async (Guid documentId, Guid clusterId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok((await mediator.Send(new ListClusters.Query(documentId, clusterId), ct))[0]))
            .WithName("GetCluster").RequireAuthorization(Policies.Read)
            .WithSummary("One cluster: its sections and facilitators.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        documents.MapPost("/clusters", async (Guid documentId, ClusterRequest body, IMediator mediator, CancellationToken ct) =>
            {
                var cluster = await mediator.Send(new SetCluster.Command(documentId, null, body.Name, body.Sections, body.Facilitators, null), ct);
                return TypedResults.Created($"/api/documents/{documentId}/clusters/{cluster.Id}", cluster);
            })
            .WithName("CreateCluster").RequireAuthorization(Policies.Chair)
            .WithSummary("Groups sections into a cluster run by one or two facilitator delegations, who have the chair's powers inside it (chair).")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        documents.MapPut("/clusters/{clusterId:guid}", async (Guid documentId, Guid clusterId, ClusterRequest body, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new SetCluster.Command(documentId, clusterId, body.Name, body.Sections, body.Facilitators, body.ExpectedVersion), ct)))
            .WithName("UpdateCluster").RequireAuthorization(Policies.Chair)
            .WithSummary("Renames a cluster, changes its sections or its facilitators, against the version read (chair).")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        documents.MapDelete("/clusters/{clusterId:guid}", async (Guid documentId, Guid clusterId, [FromQuery] int? expectedVersion, IMediator mediator,
                CancellationToken ct) =>
            {
                await mediator.Send(new RemoveCluster.Command(documentId, clusterId, expectedVersion), ct);
                return TypedResults.NoContent();
            })
            .WithName("RemoveCluster").RequireAuthorization(Policies.Chair)
            .WithSummary("Dissolves a cluster: its sections return to the chair alone (chair).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        documents.MapPost("/amendments/oral", OralAsync).WithName("EnterOralAmendment").RequireAuthorization(Policies.Presiding).WithTags("Amendments")
            .WithSummary("Enters an amendment a delegation moved orally in the meeting (chair, or the facilitator of its cluster): attributed to that delegation, marked oral; no tabling deadline applies.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    private static async Task<IResult> DecisionListAsync(Guid documentId, [FromQuery] Guid? section, [FromQuery] string? from, [FromQuery] string? to,
        [FromQuery] string? format, HttpRequest request, IMediator mediator, CancellationToken ct)
    {
        var chosen = MediaChoice.Choose(request, format, "The decision list is",
            ("json", TextFormats.Json), ("markdown", TextFormats.Markdown), ("docx", TextFormats.Docx));
        var list = await mediator.Send(new GetDecisionList.Query(documentId, section, from, to), ct);
        var file = $"{list.Symbol.Replace('/', '-')}-decision-list";
        return chosen switch
        {
            TextFormats.Markdown => TypedResults.Text(DecisionListTable.Markdown(list), TextFormats.Markdown + "; charset=utf-8"),
            TextFormats.Docx => TypedResults.Bytes(DecisionListTable.Word(list), TextFormats.Docx, file + ".docx"),
            _ => TypedResults.Json(list, ApiJson.Options(request.HttpContext)),
        };
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
