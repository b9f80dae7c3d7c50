using System.Text.Json;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OewgDrafting.Api.Infrastructure.Auth;
using OewgDrafting.Api.Infrastructure.Caching;
using OewgDrafting.Api.Infrastructure.Errors;
using OewgDrafting.Api.Infrastructure.Http;
using OewgDrafting.Api.Infrastructure.OpenApi;
using OewgDrafting.Domain.Documents;

namespace OewgDrafting.Api.Features.Documents;

public sealed record AddBlockRequest(
    [property: System.ComponentModel.DataAnnotations.Required] BlockKind? Kind,
    [property: System.ComponentModel.DataAnnotations.Required] string? Text,
    string? Label,
    int? Level,
    Guid? AfterBlockId,
    bool? AtStart,
    bool? Numbered);

public sealed record EditBlockRequest(string? Text, string? Label, int? ExpectedVersion);

public static class DocumentsEndpoints
{
    private static readonly string[] ImportMediaTypes = [TextFormats.Markdown, TextFormats.PlainText, TextFormats.Docx, TextFormats.Akn];

    public static IEndpointRouteBuilder MapDocuments(this IEndpointRouteBuilder app)
    {
        var documents = app.MapGroup("/api/documents").WithTags("Documents");

        documents.MapGet("/", ListDocumentsAsync).WithName("ListDocuments").RequireAuthorization(Policies.Read)
            .WithSummary("Lists the documents.");
        documents.MapPost("/", CreateDocumentAsync).WithName("CreateDocument").RequireAuthorization(Policies.Chair)
            .WithSummary("Creates a document (a zero draft) from JSON.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        documents.MapPost("/import", ImportDocumentAsync).WithName("ImportDocument").RequireAuthorization(Policies.Chair)
            .WithSummary("Imports a document laid out like a UN document (front matter, title, headings, numbered paragraphs): as text "
                + "(Markdown or plain), as a Word document (.docx; automatic numbering, heading styles, hyperlinks) or as Akoma Ntoso 3.0. "
                + "What the model cannot hold (tables, footnotes, comments, images) comes back as warnings; unaccepted tracked changes are a 422. "
                + "?kind=reference imports an earlier adopted text (a resolution, a report) as read-only precedent, with ?adoptedOn=YYYY-MM-DD "
                + "and ?adoptedBy= (the adopting body).")
            .Accepts<string>(TextFormats.Markdown, TextFormats.PlainText, TextFormats.Akn, TextFormats.Docx)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        documents.MapGet("/{documentId:guid}", GetDocumentAsync).WithName("GetDocument").RequireAuthorization(Policies.Read)
            .WithMetadata(RendersOnMissMetadata.Instance)
            .WithSummary("Returns a document's metadata and its blocks in order; its ETag is the document's version.")
            .Produces<DocumentResponse>(StatusCodes.Status200OK)
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);
        documents.MapGet("/{documentId:guid}/text", GetTextAsync).WithName("GetDocumentText").RequireAuthorization(Policies.Read)
            .WithMetadata(RendersOnMissMetadata.Instance)
            .WithSummary("Renders the current clean text (?view=clean) or the chair's compilation with every pending amendment attributed "
                + "(?view=compilation) as JSON, Markdown, plain text, HTML, Word (tracked changes and comments for the compilation) or "
                + "Akoma Ntoso 3.0 (Accept header, or ?format=json|markdown|plain|html|docx|akn); If-None-Match with the current ETag gets 304. "
                + "?lang= (or Accept-Language) reads a language version of the clean text, its outdated and missing blocks marked.")
            .Produces(StatusCodes.Status304NotModified)
            .Produces<DocumentTextResponse>(StatusCodes.Status200OK, TextFormats.Json)
            .WithMetadata(new TextRepresentationsMetadata(TextFormats.Markdown, TextFormats.PlainText, TextFormats.Html, TextFormats.Docx, TextFormats.Akn))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status406NotAcceptable);

        documents.MapPost("/{documentId:guid}/open", OpenAsync).WithName("OpenDocument").RequireAuthorization(Policies.Chair)
            .WithSummary("Opens the negotiation: the document moves from draft to negotiation and its paragraphs open (chair).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        documents.MapGet("/{documentId:guid}/blocks/{blockId:guid}", GetBlockAsync).WithName("GetBlock").RequireAuthorization(Policies.Read)
            .WithSummary("Returns one block; its ETag is its version.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        documents.MapPost("/{documentId:guid}/blocks", AddBlockAsync).WithName("AddBlock").RequireAuthorization(Policies.Chair)
            .WithSummary("Adds a heading or paragraph after a block (afterBlockId), at the start (atStart) or at the end.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        documents.MapPut("/{documentId:guid}/blocks/{blockId:guid}", EditBlockAsync).WithName("EditBlock").RequireAuthorization(Policies.Chair)
            .WithSummary("Replaces a block's text (and label), naming the version it was based on (If-Match or expectedVersion).")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        documents.MapDelete("/{documentId:guid}/blocks/{blockId:guid}", DeleteBlockAsync).WithName("DeleteBlock").RequireAuthorization(Policies.Chair)
            .WithSummary("Deletes a block, naming the version it was based on (If-Match or ?expectedVersion=).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);

        return app;
    }

    private static async Task<Ok<IReadOnlyList<DocumentSummary>>> ListDocumentsAsync(IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ListDocuments.Query(), cancellationToken));

    private static async Task<Created<DocumentResponse>> CreateDocumentAsync(CreateDocument.Command command, IMediator mediator,
        CancellationToken cancellationToken)
    {
        var document = await mediator.Send(command, cancellationToken);
        return TypedResults.Created($"/api/documents/{document.Id}", document);
    }

    private static async Task<Created<DocumentResponse>> ImportDocumentAsync(HttpRequest request, IMediator mediator,
        [FromQuery] string? symbol, [FromQuery] string? language, [FromQuery] string? kind, [FromQuery] string? adoptedOn,
        [FromQuery] string? adoptedBy, CancellationToken cancellationToken)
    {
        var documentKind = QueryValues.Enum<DocumentKind>(kind, "kind") ?? DocumentKind.Negotiation;
        var errors = new Dictionary<string, string[]>();
        var adopted = QueryValues.Day(adoptedOn, "adoptedOn", errors);
        if (documentKind != DocumentKind.Reference && (adoptedOn is not null || adoptedBy is not null))
        {
            errors["kind"] = ["adoptedOn and adoptedBy describe a reference text: add ?kind=reference."];
        }

        if (errors.Count > 0)
        {
            throw new Domain.DomainValidationException(errors);
        }

        var imported = await ReadImportAsync(request, cancellationToken);
        var document = await mediator.Send(new ImportDocument.Command(imported, symbol, language)
        {
            Kind = documentKind,
            AdoptedOn = adopted,
            AdoptedBy = adoptedBy,
        }, cancellationToken);
        return TypedResults.Created($"/api/documents/{document.Id}", document);
    }

    /// <summary>The body, read by the importer of its media type.</summary>
    internal static async Task<Domain.Import.ImportedDocument> ReadImportAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var mediaType = Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed.MediaType.Value : null;
        if (string.Equals(mediaType, TextFormats.Docx, StringComparison.OrdinalIgnoreCase)
            || string.Equals(mediaType, TextFormats.Akn, StringComparison.OrdinalIgnoreCase))
        {
            var body = await RequestText.ReadBytesAsync(request, cancellationToken);
            return string.Equals(mediaType, TextFormats.Docx, StringComparison.OrdinalIgnoreCase)
                ? Formats.WordImporter.Import(body)
                : Formats.AkomaNtosoImporter.Import(body);
        }

        return Domain.Import.UnDocumentImporter.Import(await RequestText.ReadUtf8Async(request, ImportMediaTypes, cancellationToken));
    }

    private static async Task<IResult> GetDocumentAsync(Guid documentId, HttpContext http, DocumentHeads heads, CancellationToken cancellationToken)
    {
        var head = await heads.GetAsync(documentId, http.RequestServices, cancellationToken);
        if (CachedRead.TryServe(http, head.Current(Representations.Document), TextFormats.ContentType(TextFormat.Json), out var cached))
        {
            return cached;
        }

        using var slot = await http.RequestServices.GetRequiredService<ReadSlots>().EnterAsync(http);
        var document = await http.RequestServices.GetRequiredService<IMediator>().Send(new GetDocument.Query(documentId), cancellationToken);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(document, ApiJson.Options(http));
        return CachedRead.Rendered(http, head.Store(Representations.Document, document.Version, 0, bytes), TextFormats.ContentType(TextFormat.Json));
    }

    private static async Task<IResult> GetTextAsync(Guid documentId, [FromQuery] string? format, [FromQuery] string? view, [FromQuery] string? lang,
        HttpContext http, DocumentHeads heads, CancellationToken cancellationToken)
    {
        var textView = QueryValues.Enum<TextView>(view, "view") ?? TextView.Clean;
        var chosen = TextFormats.Negotiate(format, http.Request.Headers.Accept)
            ?? throw new NotAcceptableException(format is null
                ? $"None of the media types in Accept can be produced; this resource is available as {TextFormats.Supported}."
                : $"Unknown format '{format}'; use json, markdown, plain, html, docx or akn.");
        http.Response.Headers.Vary = "Accept, Accept-Language, Accept-Encoding";
        var head = await heads.GetAsync(documentId, http.RequestServices, cancellationToken);
        // A language version, asked for by ?lang= or chosen from Accept-Language; otherwise the original.
        if (await Translations.TranslatedText.ChooseAsync(http, documentId, lang, head, cancellationToken) is { } language)
        {
            return await Translations.TranslatedText.ServeAsync(http, documentId, language, textView, chosen, head, cancellationToken);
        }

        http.Response.Headers.ContentLanguage = await http.RequestServices.GetRequiredService<Translations.DocumentLanguages>()
            .OriginalAsync(documentId, http.RequestServices, cancellationToken);
        // The tag follows the document's version (every change advances it), the view and the format. Between two
        // changes a room of readers costs one render per representation; a conditional read costs none.
        var key = Representations.Text(textView == TextView.Compilation, chosen);
        var contentType = TextFormats.ContentType(chosen);
        // Texts are sent gzipped to clients that accept it; a Word file is compressed already.
        var compressible = chosen != TextFormat.Docx;
        if (CachedRead.TryServe(http, head.Current(key), contentType, out var cached, compressible))
        {
            return cached;
        }

        using var slot = await http.RequestServices.GetRequiredService<ReadSlots>().EnterAsync(http);
        var text = await http.RequestServices.GetRequiredService<IMediator>().Send(new GetDocumentText.Query(documentId, textView), cancellationToken);
        return CachedRead.Rendered(http, head.Store(key, text.Document.Version, text.Document.TextVersion, text.RenderBytes(chosen)), contentType,
            compressible);
    }

    private static async Task<Ok<DocumentSummary>> OpenAsync(Guid documentId, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new OpenDocument.Command(documentId), cancellationToken));

    private static async Task<Ok<BlockResponse>> GetBlockAsync(Guid documentId, Guid blockId, HttpResponse response, IMediator mediator,
        CancellationToken cancellationToken)
    {
        var block = await mediator.Send(new GetBlock.Query(documentId, blockId), cancellationToken);
        response.Headers.ETag = Versions.ETag(block.Version);
        return TypedResults.Ok(block);
    }

    private static async Task<Created<BlockResponse>> AddBlockAsync(Guid documentId, AddBlockRequest body, HttpResponse response,
        IMediator mediator, CancellationToken cancellationToken)
    {
        var block = await mediator.Send(new AddBlock.Command(documentId, body.Kind, body.Text, body.Label, body.Level,
            body.AfterBlockId, body.AtStart ?? false, body.Numbered ?? true), cancellationToken);
        response.Headers.ETag = Versions.ETag(block.Version);
        return TypedResults.Created($"/api/documents/{documentId}/blocks/{block.Id}", block);
    }

    private static async Task<Ok<BlockResponse>> EditBlockAsync(Guid documentId, Guid blockId, EditBlockRequest body,
        HttpRequest request, IMediator mediator, CancellationToken cancellationToken)
    {
        var expected = Versions.Expected(request, body.ExpectedVersion, "block");
        var block = await mediator.Send(new EditBlock.Command(documentId, blockId, body.Text, body.Label, expected), cancellationToken);
        request.HttpContext.Response.Headers.ETag = Versions.ETag(block.Version);
        return TypedResults.Ok(block);
    }

    private static async Task<NoContent> DeleteBlockAsync(Guid documentId, Guid blockId, [FromQuery] int? expectedVersion,
        HttpRequest request, IMediator mediator, CancellationToken cancellationToken)
    {
        var expected = Versions.Expected(request, expectedVersion, "block");
        await mediator.Send(new DeleteBlock.Command(documentId, blockId, expected), cancellationToken);
        return TypedResults.NoContent();
    }
}
