using Mediator;
using Microsoft.AspNetCore.Mvc;
using OewgDrafting.Api.Infrastructure.Auth;
using OewgDrafting.Api.Infrastructure.Errors;
using OewgDrafting.Api.Infrastructure.Http;
using OewgDrafting.Api.Infrastructure.OpenApi;

namespace OewgDrafting.Api.Features.Provenance;

public static class ProvenanceEndpoints
{
    public const string Csv = "text/csv";

    public static IEndpointRouteBuilder MapProvenance(this IEndpointRouteBuilder app)
    {
        var documents = app.MapGroup("/api/documents/{documentId:guid}").WithTags("Provenance");
        documents.MapGet("/blocks/{blockId:guid}/history", async (Guid documentId, Guid blockId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetBlockHistory.Query(documentId, blockId), ct)))
            .WithName("GetBlockHistory").RequireAuthorization(Policies.Read)
            .WithSummary("Where a paragraph came from: every version in order with what produced it (the chair's draft or edit, an accepted or "
                + "bracketed amendment with its number, proposer and co-sponsors, a resolved bracket, a renumbering), the revisions that froze "
                + "it, its label in each revision, and the delegations' stances on it when each version gave way to the next.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        documents.MapGet("/status-history", async (Guid documentId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetStatusHistory.Query(documentId), ct)))
            .WithName("GetStatusHistory").RequireAuthorization(Policies.Read)
            .WithSummary("How the text is converging: paragraphs, paragraphs agreed ad referendum, open brackets, alternatives and pending "
                + "amendments after each revision (and per section), at the end of each day it changed, and now; replayed from the event log.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        documents.MapGet("/revisions/{number:int}/sources", SourcesAsync)
            .WithName("GetRevisionSources").RequireAuthorization(Policies.Read)
            .WithSummary("The sources of a revision's paragraphs, as a secretariat tabulates them: each paragraph's label, its labels in the "
                + "previous revision, the amendments it took in (number, proposer, co-sponsors) and the kind of change (unchanged, relabelled, "
                + "edited, merged, split, new, deleted); as JSON, CSV or a Word table (Accept header, or ?format=json|csv|docx).")
            .Produces<RevisionSourcesResponse>(StatusCodes.Status200OK, TextFormats.Json)
            .WithMetadata(new TextRepresentationsMetadata(Csv, TextFormats.Docx))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status406NotAcceptable);
        return app;
    }

    private static async Task<IResult> SourcesAsync(Guid documentId, int number, [FromQuery] string? format, HttpRequest request, IMediator mediator,
        CancellationToken ct)
    {
        var chosen = MediaChoice.Choose(request, format, "The sources are", ("json", TextFormats.Json), ("csv", Csv), ("docx", TextFormats.Docx));
        var sources = await mediator.Send(new GetRevisionSources.Query(documentId, number), ct);
        return chosen switch
        {
            Csv => TypedResults.Bytes(SourcesTable.Csv(sources), Csv + "; charset=utf-8",
                $"{sources.Symbol.Replace('/', '-')}-{sources.Name.Replace(' ', '-')}-sources.csv"),
            TextFormats.Docx => TypedResults.Bytes(SourcesTable.Word(sources), TextFormats.Docx,
                $"{sources.Symbol.Replace('/', '-')}-{sources.Name.Replace(' ', '-')}-sources.docx"),
            _ => TypedResults.Json(sources, ApiJson.Options(request.HttpContext)),
        };
    }
}
