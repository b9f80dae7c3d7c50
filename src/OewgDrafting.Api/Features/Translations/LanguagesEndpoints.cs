using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Infrastructure.Auth;
using OewgDrafting.Api.Infrastructure.Http;
using OewgDrafting.Domain.Languages;

namespace OewgDrafting.Api.Features.Translations;

public static class LanguagesEndpoints
{
    public static IEndpointRouteBuilder MapLanguages(this IEndpointRouteBuilder app)
    {
        var languages = app.MapGroup("/api/documents/{documentId:guid}/languages").WithTags("Languages");

        languages.MapGet("/", ListAsync).WithName("ListLanguageVersions").RequireAuthorization(Policies.Read)
            .WithSummary("Lists a document's language versions with how many of their blocks are current, outdated or missing.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        languages.MapPost("/{language}", ImportAsync).WithName("ImportLanguageVersion").RequireAuthorization(Policies.Translation)
            .WithSummary("Creates a language version from a text laid out like the original (Markdown or plain, or a Word document): "
                + "its blocks are aligned to the original's by structure and labels, and a text that does not align is a 422 listing the "
                + "first blocks that do not (chair or secretariat).")
            .Accepts<string>(TextFormats.Markdown, TextFormats.PlainText, TextFormats.Docx, TextFormats.Akn)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        languages.MapGet("/{language}", GetAsync).WithName("GetLanguageVersion").RequireAuthorization(Policies.Read)
            .WithSummary("A language version block by block against the original: each block current, outdated (with the original's old and "
                + "new text and the changes word by word, or by character for Chinese and Japanese) or missing; ?state= keeps one kind.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        languages.MapPut("/{language}/blocks/{blockId:guid}", EditAsync).WithName("EditTranslation").RequireAuthorization(Policies.Translation)
            .WithSummary("Sets a block's translation, naming the original version it translates (translatesVersion, the original block's "
                + "current version) and the translation's version it replaces (If-Match or expectedVersion; 0 for a block not yet translated).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    private static async Task<Ok<IReadOnlyList<LanguageVersionSummary>>> ListAsync(Guid documentId, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new ListLanguageVersions.Query(documentId), cancellationToken));

    private static async Task<Created<LanguageVersionResponse>> ImportAsync(Guid documentId, string language, HttpRequest request, IMediator mediator,
        [FromServices] DocumentLanguages languages, CancellationToken cancellationToken)
    {
        var imported = await DocumentsEndpoints.ReadImportAsync(request, cancellationToken);
        var version = await mediator.Send(new ImportLanguageVersion.Command(documentId, language, imported), cancellationToken);
        // Committed: the next read on this instance sees the new language at once.
        languages.Forget(documentId);
        return TypedResults.Created($"/api/documents/{documentId}/languages/{Uri.EscapeDataString(version.Language)}", version);
    }

    private static async Task<Ok<LanguageVersionResponse>> GetAsync(Guid documentId, string language, [FromQuery] string? state, IMediator mediator,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new GetLanguageVersion.Query(documentId, language, QueryValues.Enum<TranslationState>(state, "state")),
            cancellationToken));

    private static async Task<Ok<TranslatedBlockResponse>> EditAsync(Guid documentId, string language, Guid blockId, EditTranslationRequest body,
        HttpRequest request, IMediator mediator, CancellationToken cancellationToken)
    {
        var expected = Versions.Expected(request, body.ExpectedVersion, "translation");
        var block = await mediator.Send(new EditTranslation.Command(documentId, language, blockId, body.Text, body.Label, body.TranslatesVersion, expected),
            cancellationToken);
        request.HttpContext.Response.Headers.ETag = Versions.ETag(block.Version ?? 0);
        return TypedResults.Ok(block);
    }
}
