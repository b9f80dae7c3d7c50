using Mediator;
using Microsoft.AspNetCore.Mvc;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Features.Formats;
using OewgDrafting.Api.Infrastructure.Auth;
using OewgDrafting.Api.Infrastructure.Errors;
using OewgDrafting.Api.Infrastructure.Http;
using OewgDrafting.Api.Infrastructure.OpenApi;
using OewgDrafting.Api.Infrastructure.Persistence;

namespace OewgDrafting.Api.Features.Revisions;

public sealed record IssueRevisionRequest(bool? Renumber);

/// <summary>A revision's text: frozen, so its blocks carry no status or version of their own.</summary>
public sealed record RevisionTextResponse(int Number, string Symbol, string Title, string Language, IReadOnlyList<FrontMatterLineDto> FrontMatter,
    IReadOnlyList<RevisionBlockResponse> Blocks);

public sealed record RevisionBlockResponse(Guid Id, Domain.Documents.BlockKind Kind, int? Level, string? Label, string Text, IReadOnlyList<SegmentDto> Segments);

public static class RevisionsEndpoints
{
    public static IEndpointRouteBuilder MapRevisions(this IEndpointRouteBuilder app)
    {
        var revisions = app.MapGroup("/api/documents/{documentId:guid}").WithTags("Revisions");
        revisions.MapPost("/revisions", async (Guid documentId,
                [FromBody(EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior.Allow)] IssueRevisionRequest? body,
                IMediator mediator, CancellationToken ct) =>
            {
                var revision = await mediator.Send(new IssueRevision.Command(documentId, body?.Renumber ?? false), ct);
                return TypedResults.Created($"/api/documents/{documentId}/revisions/{revision.Number}/text", revision);
            })
            .WithName("IssueRevision").RequireAuthorization(Policies.Chair)
            .WithSummary("Freezes the next revision (Rev.1, Rev.2…), optionally renumbering 5 bis and the like into clean numbers (chair).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        revisions.MapGet("/revisions", async (Guid documentId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListRevisions.Query(documentId), ct)))
            .WithName("ListRevisions").RequireAuthorization(Policies.Read).WithSummary("The frozen revisions: zero draft, Rev.1…, Final.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        revisions.MapGet("/revisions/{number:int}/text", RevisionTextAsync)
            .WithName("GetRevisionText").RequireAuthorization(Policies.Read)
            .WithSummary("A revision's text as JSON, Markdown, plain text, HTML, Word or Akoma Ntoso (Accept header, or ?format=).")
            .Produces<RevisionTextResponse>(StatusCodes.Status200OK, TextFormats.Json)
            .WithMetadata(new TextRepresentationsMetadata(TextFormats.Markdown, TextFormats.PlainText, TextFormats.Html, TextFormats.Docx, TextFormats.Akn))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status406NotAcceptable);
        revisions.MapGet("/diff", DiffAsync)
            .WithName("GetDiff").RequireAuthorization(Policies.Read)
            .WithSummary("Changes between two revisions (or 'current'): paragraph-level and word-level, as JSON, an HTML redline, "
                + "or a Word document whose tracked changes are the redline (?format=docx).")
            .Produces<DiffResponse>(StatusCodes.Status200OK, TextFormats.Json)
            .WithMetadata(new TextRepresentationsMetadata(TextFormats.Html, TextFormats.Docx))
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status406NotAcceptable);
        return app;
    }

    private static async Task<IResult> RevisionTextAsync(Guid documentId, int number, [FromQuery] string? format, HttpRequest request,
        DraftingDbContext db, CancellationToken ct)
    {
        var chosen = TextFormats.Negotiate(format, request.Headers.Accept)
            ?? throw new NotAcceptableException($"This resource is available as {TextFormats.Supported}.");
        var (_, text, _) = await RevisionTexts.LoadAsync(db, documentId, number.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);
        request.HttpContext.Response.Headers.ETag = $"\"rev{number}-{chosen.ToString().ToLowerInvariant()}\"";
        return chosen switch
        {
            TextFormat.Json => TypedResults.Ok(new RevisionTextResponse(number, text.Symbol, text.Title, text.Language,
                text.FrontMatter.Select(FrontMatterLineDto.From).ToList(),
                text.Blocks.Select(b => new RevisionBlockResponse(b.Id, b.Kind, b.Level, b.Label, b.Text, SegmentDto.From(b.Parsed.Segments))).ToList())),
            TextFormat.Docx => TypedResults.Bytes(WordCleanText.Write(text), TextFormats.ContentType(chosen)),
            TextFormat.Akn => TypedResults.Bytes(AkomaNtoso.Write(null, text), TextFormats.ContentType(chosen)),
            _ => new RenderedTextResult(TextFormats.ContentType(chosen), b => GetDocumentText.WriteClean(b, chosen, text)),
        };
    }

    private static async Task<IResult> DiffAsync(Guid documentId, [FromQuery] string? from, [FromQuery] string? to, [FromQuery] string? format,
        HttpRequest request, DraftingDbContext db, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(from) || string.IsNullOrWhiteSpace(to))
        {
            throw new BadHttpRequestException("Give both ?from= and ?to=: revision numbers, or 'current'.", StatusCodes.Status400BadRequest);
        }

        var chosen = TextFormats.Negotiate(format, request.Headers.Accept);
        if (chosen is not (TextFormat.Json or TextFormat.Html or TextFormat.Docx))
        {
            throw new NotAcceptableException($"Changes are available as application/json, text/html or {TextFormats.Docx}.");
        }

        var (fromName, fromText, _) = await RevisionTexts.LoadAsync(db, documentId, from, ct);
        var (toName, toText, toAt) = await RevisionTexts.LoadAsync(db, documentId, to, ct);
        var diff = DocumentDiff.Compare(fromName, fromText, toName, toText);
        return chosen switch
        {
            TextFormat.Html => new RenderedTextResult(TextFormats.ContentType(TextFormat.Html), b => DocumentDiff.WriteHtml(b, diff, toText.Language)),
            TextFormat.Docx => TypedResults.Bytes(WordRedline.Write(diff, fromText, toText, toAt), TextFormats.ContentType(TextFormat.Docx)),
            _ => TypedResults.Ok(diff),
        };
    }
}
