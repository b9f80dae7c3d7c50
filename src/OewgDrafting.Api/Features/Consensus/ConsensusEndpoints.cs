using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Infrastructure.Auth;
using OewgDrafting.Api.Infrastructure.Caching;
using OewgDrafting.Api.Infrastructure.Http;
using OewgDrafting.Domain.Consensus;
using OewgDrafting.Domain.Text;

namespace OewgDrafting.Api.Features.Consensus;

public sealed record ResolveBracketRequest([property: System.ComponentModel.DataAnnotations.Required] BracketAction? Action, int? Alternative, int? ExpectedVersion);

public sealed record StartSilenceRequest([property: System.ComponentModel.DataAnnotations.Required] DateTimeOffset? Deadline, IReadOnlyList<Guid>? BlockIds);

public sealed record BreakSilenceRequest(string? Statement, string? Delegation);

public sealed record ExplanationRequest([property: System.ComponentModel.DataAnnotations.Required] string? Text, Guid? BlockId, string? Delegation);

public static class ConsensusEndpoints
{
    public static IEndpointRouteBuilder MapConsensus(this IEndpointRouteBuilder app)
    {
        var documents = app.MapGroup("/api/documents/{documentId:guid}").WithTags("Consensus");

        documents.MapPost("/blocks/{blockId:guid}/agree", async (Guid documentId, Guid blockId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new AgreeBlock.Command(documentId, blockId), ct)))
            .WithName("AgreeBlock").RequireAuthorization(Policies.Presiding)
            .WithSummary("Agrees a paragraph ad referendum (chair, or the facilitator of its cluster); 409 with the blockers while a bracket, a pending amendment or an objection stands.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        documents.MapPost("/blocks/{blockId:guid}/reopen", async (Guid documentId, Guid blockId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ReopenBlock.Command(documentId, blockId), ct)))
            .WithName("ReopenBlock").RequireAuthorization(Policies.Presiding).WithSummary("Reopens an agreed paragraph (chair, or the facilitator of its cluster).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        documents.MapPost("/blocks/{blockId:guid}/brackets/{bracketIndex:int}/resolve", ResolveAsync)
            .WithName("ResolveBracket").RequireAuthorization(Policies.Presiding)
            .WithSummary("Resolves a bracket (chair or the facilitator of its cluster, with the block's version): keep an alternative, unbracket, or delete; inner brackets first.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        documents.MapGet("/consensus", async (Guid documentId, HttpContext http, DocumentHeads heads, CancellationToken ct) =>
            {
                // A dashboard polled by many clients is computed once per change of the document.
                const string json = "application/json; charset=utf-8";
                var head = await heads.GetAsync(documentId, http.RequestServices, ct);
                if (CachedRead.TryServe(http, head.Current(Representations.Consensus), json, out var cached))
                {
                    return cached;
                }

                using var slot = await http.RequestServices.GetRequiredService<ReadSlots>().EnterAsync(http);
                var result = await http.RequestServices.GetRequiredService<IMediator>().Send(new GetConsensus.Query(documentId), ct);
                return CachedRead.Rendered(http, head.Store(Representations.Consensus, result.Version, 0, result.Json), json);
            })
            .Produces<ConsensusPicture>(StatusCodes.Status200OK, "application/json")
            .WithName("GetConsensus").RequireAuthorization(Policies.Read).WithMetadata(RendersOnMissMetadata.Instance)
            .WithSummary("Whether the document can be adopted now, and every blocker per block with totals: the chair's dashboard.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        documents.MapPost("/silence", async (Guid documentId, StartSilenceRequest body, IMediator mediator, CancellationToken ct) =>
            {
                var procedure = await mediator.Send(new StartSilence.Command(documentId, body.Deadline, body.BlockIds), ct);
                return TypedResults.Created($"/api/documents/{documentId}/silence/{procedure.Id}", procedure);
            })
            .WithName("StartSilence").RequireAuthorization(Policies.Chair)
            .WithSummary("Starts a silence procedure on the whole document or on listed blocks, until a deadline (chair).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        documents.MapPost("/silence/{procedureId:guid}/break", async (Guid documentId, Guid procedureId, BreakSilenceRequest body, IMediator mediator,
                CancellationToken ct) => TypedResults.Ok(await mediator.Send(new BreakSilence.Command(documentId, procedureId, body.Delegation, body.Statement), ct)))
            .WithName("BreakSilence").RequireAuthorization(Policies.Delegation)
            .WithSummary("Breaks silence before the deadline: an objection with a statement (a delegation).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        documents.MapGet("/silence", async (Guid documentId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListSilence.Query(documentId), ct)))
            .WithName("ListSilence").RequireAuthorization(Policies.Read).WithSummary("Silence procedures with their outcome.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        documents.MapPost("/adopt", async (Guid documentId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new AdoptDocument.Command(documentId), ct)))
            .WithName("AdoptDocument").RequireAuthorization(Policies.Chair)
            .WithSummary("Adopts the document by consensus (chair); 409 with the blockers while anything blocks. Irreversible.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        documents.MapGet("/adoption", async (Guid documentId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetAdoption.Query(documentId), ct)))
            .WithName("GetAdoption").RequireAuthorization(Policies.Read)
            .WithSummary("The adoption record: when, how, the final revision, reservations and explanations of position.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        documents.MapPost("/explanations", async (Guid documentId, ExplanationRequest body, IMediator mediator, CancellationToken ct) =>
            {
                var explanation = await mediator.Send(new RecordExplanation.Command(documentId, body.Delegation, body.BlockId, body.Text), ct);
                return TypedResults.Created($"/api/documents/{documentId}/adoption", explanation);
            })
            .WithName("RecordExplanation").RequireAuthorization(Policies.Delegation)
            .WithSummary("Records a delegation's explanation of position, before or at adoption.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    private static async Task<Ok<BlockResponse>> ResolveAsync(Guid documentId, Guid blockId, int bracketIndex, ResolveBracketRequest body,
        HttpRequest request, IMediator mediator, CancellationToken ct)
    {
        var expected = Versions.Expected(request, body.ExpectedVersion, "block");
        var block = await mediator.Send(new ResolveBracket.Command(documentId, blockId, bracketIndex, body.Action, body.Alternative, expected), ct);
        request.HttpContext.Response.Headers.ETag = Versions.ETag(block.Version);
        return TypedResults.Ok(block);
    }
}
