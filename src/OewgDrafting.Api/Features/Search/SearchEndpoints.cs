using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OewgDrafting.Api.Infrastructure.Auth;
using OewgDrafting.Api.Infrastructure.Http;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Documents;

namespace OewgDrafting.Api.Features.Search;

public sealed record PrecedentRequest(string? Text, Guid? AmendmentId);

public static class SearchEndpoints
{
    public static IEndpointRouteBuilder MapSearch(this IEndpointRouteBuilder app)
    {
        var search = app.MapGroup("/api").WithTags("Search");
        search.MapGet("/search", SearchAsync).WithName("Search").RequireAuthorization(Policies.Read)
            .WithSummary("Searches every text: paragraphs as they are and as they were, amendments, language versions and comments. "
                + "q takes words (any form of a word in Spanish, English, French and Russian), \"a phrase\", prefix*, OR, NOT (or -word), AND "
                + "and parentheses, without regard to case or accents. Filters: document, kind (negotiation|reference), type "
                + "(paragraph|version|amendment|translation|comment), status (pending|agreedAdRef|adopted), language, adoptedFrom and "
                + "adoptedTo (YYYY-MM-DD). Results are ranked, with a snippet whose highlights are offsets into it. A caller finds only what it may read.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        search.MapPost("/precedents", PrecedentsAsync).WithName("FindPrecedents").RequireAuthorization(Policies.Read)
            .WithSummary("Agreed language: the longest passages of a text (or of an amendment's proposed words, with amendmentId) that occur "
                + "word for word in adopted texts (reference texts and documents adopted here), each with its source's symbol, paragraph and "
                + "adoption day and the share of the text it covers; and the adopted paragraphs it repeats but for a few words, with the word diff.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        app.MapGet("/api/documents/{documentId:guid}/citations", async (Guid documentId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListCitations.Query(documentId), ct)))
            .WithTags("Search").WithName("ListCitations").RequireAuthorization(Policies.Read)
            .WithSummary("The documents a text cites (75/240, A/77/275…), each with the reference or adopted document of that symbol when the "
                + "library holds it (a resolution cited by its number is A/RES/…); start and length are in the paragraph's text with references as their labels.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Ok<SearchResponse>> SearchAsync([FromQuery(Name = "q")] string? q, [FromQuery] Guid? document, [FromQuery] string? kind,
        [FromQuery] string? type, [FromQuery] string? status, [FromQuery] string? language, [FromQuery] string? adoptedFrom,
        [FromQuery] string? adoptedTo, [FromQuery] int? offset, [FromQuery] int? limit, IMediator mediator, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (offset is < 0)
        {
            errors["offset"] = ["offset is 0 or more."];
        }

        if (limit is < 1 or > SearchTexts.MaxLimit)
        {
            errors["limit"] = [$"limit is between 1 and {SearchTexts.MaxLimit}."];
        }

        if (language is not null && !LanguageTag.IsValid(language))
        {
            errors["language"] = ["The language is a BCP 47 tag such as 'es', 'en' or 'fr'."];
        }

        var from = QueryValues.Day(adoptedFrom, "adoptedFrom", errors);
        var to = QueryValues.Day(adoptedTo, "adoptedTo", errors);
        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }

        var filters = new SearchTexts.Filters(document, QueryValues.Enum<DocumentKind>(kind, "kind"), QueryValues.Enum<SearchResultType>(type, "type"),
            QueryValues.Enum<SearchStanding>(status, "status"), language, from, to);
        return TypedResults.Ok(await mediator.Send(new SearchTexts.Query(q ?? string.Empty, filters, offset ?? 0, limit ?? 20), cancellationToken));
    }

    private static async Task<Ok<PrecedentResponse>> PrecedentsAsync(PrecedentRequest request, IMediator mediator, CancellationToken cancellationToken) =>
        TypedResults.Ok(await mediator.Send(new FindPrecedents.Command(request.Text, request.AmendmentId), cancellationToken));
}
