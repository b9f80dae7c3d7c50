using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using OewgDrafting.Api.Infrastructure.Auth;
using OewgDrafting.Domain.Positions;

namespace OewgDrafting.Api.Features.Positions;

public sealed record SetPositionRequest(Stance? Stance, string? Statement, int? Alternative);

public static class PositionsEndpoints
{
    public static IEndpointRouteBuilder MapPositions(this IEndpointRouteBuilder app)
    {
        var positions = app.MapGroup("/api/documents/{documentId:guid}").WithTags("Positions");
        Map(positions, "/blocks/{blockId:guid}/positions", "Block", (r, _) => new PositionTargetRef(PositionTarget.Block, r.Id1, null));
        Map(positions, "/amendments/{amendmentId:guid}/positions", "Amendment", (r, _) => new PositionTargetRef(PositionTarget.Amendment, r.Id1, null));
        Map(positions, "/blocks/{blockId:guid}/brackets/{bracketIndex:int}/positions", "Bracket",
            (r, index) => new PositionTargetRef(PositionTarget.Bracket, r.Id1, index));
        return app;
    }

    private readonly record struct Route(Guid Id1);

    private static void Map(RouteGroupBuilder group, string path, string name, Func<Route, int?, PositionTargetRef> target)
    {
        var isBracket = name == "Bracket";
        var idName = name == "Amendment" ? "amendmentId" : "blockId";

        group.MapGet(path, async (HttpContext http, Guid documentId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListPositions.Query(documentId, Where(http, target, idName, isBracket)), ct)))
            .WithName($"List{name}Positions").RequireAuthorization(Policies.Read)
            .WithSummary($"The current positions on the {name.ToLowerInvariant()}; the history stays in the event log.")
            .Produces<IReadOnlyList<PositionResponse>>().ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPut(path + "/{delegationCode}", async (HttpContext http, Guid documentId, string delegationCode, SetPositionRequest body,
                IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new SetPosition.Command(documentId, Where(http, target, idName, isBracket), delegationCode,
                    body.Stance, body.Statement, body.Alternative), ct)))
            .WithName($"Set{name}Position").RequireAuthorization(Policies.Delegation)
            .WithSummary(isBracket
                ? "Registers a delegation's position on a bracket: retain or delete (an alternative, or the bracketed text)."
                : $"Registers a delegation's stance on the {name.ToLowerInvariant()}: support, oppose, reserve, noObjection or awaitingInstructions.")
            .Produces<PositionResponse>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapDelete(path + "/{delegationCode}", async (HttpContext http, Guid documentId, string delegationCode, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new WithdrawPosition.Command(documentId, Where(http, target, idName, isBracket), delegationCode), ct);
                return TypedResults.NoContent();
            })
            .WithName($"Withdraw{name}Position").RequireAuthorization(Policies.Delegation)
            .WithSummary("Withdraws a delegation's position.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static PositionTargetRef Where(HttpContext http, Func<Route, int?, PositionTargetRef> target, string idName, bool isBracket)
    {
        var values = http.Request.RouteValues;
        var id = Guid.Parse((string)values[idName]!, System.Globalization.CultureInfo.InvariantCulture);
        int? index = isBracket ? int.Parse((string)values["bracketIndex"]!, System.Globalization.CultureInfo.InvariantCulture) : null;
        return target(new Route(id), index);
    }
}
