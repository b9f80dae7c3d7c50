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
        Map(positions, "/blocks/{blockId:guid}/positions", PositionTarget.Block);
        Map(positions, "/amendments/{amendmentId:guid}/positions", PositionTarget.Amendment);
        Map(positions, "/blocks/{blockId:guid}/brackets/{bracketIndex:int}/positions", PositionTarget.Bracket);
        return app;
    }

    /// <summary>The same three endpoints (list, set, withdraw) for each kind of target; operation ids name the kind.</summary>
    private static void Map(RouteGroupBuilder group, string path, PositionTarget target)
    {
        var name = target.ToString();
        var isBracket = target == PositionTarget.Bracket;

        group.MapGet(path, async (HttpContext http, Guid documentId, IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new ListPositions.Query(documentId, Where(http, target)), ct)))
            .WithName($"List{name}Positions").RequireAuthorization(Policies.Read)
            .WithSummary($"The current positions on the {name.ToLowerInvariant()}; the history stays in the event log.")
            .Produces<IReadOnlyList<PositionResponse>>().ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPut(path + "/{delegationCode}", async (HttpContext http, Guid documentId, string delegationCode, SetPositionRequest body,
                IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new SetPosition.Command(documentId, Where(http, target), delegationCode,
                    body.Stance, body.Statement, body.Alternative), ct)))
            .WithName($"Set{name}Position").RequireAuthorization(Policies.Delegation)
            .WithSummary(isBracket
                ? "Registers a delegation's position on a bracket: retain or delete (an alternative, or the bracketed text)."
                : $"Registers a delegation's stance on the {name.ToLowerInvariant()}: support, oppose, reserve, noObjection or awaitingInstructions.")
            .Produces<PositionResponse>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapDelete(path + "/{delegationCode}", async (HttpContext http, Guid documentId, string delegationCode, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new WithdrawPosition.Command(documentId, Where(http, target), delegationCode), ct);
                return TypedResults.NoContent();
            })
            .WithName($"Withdraw{name}Position").RequireAuthorization(Policies.Delegation)
            .WithSummary("Withdraws a delegation's position.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    /// <summary>The target from the route (its constraints have already checked the values).</summary>
    private static PositionTargetRef Where(HttpContext http, PositionTarget target)
    {
        var values = http.Request.RouteValues;
        var id = Guid.Parse((string)values[target == PositionTarget.Amendment ? "amendmentId" : "blockId"]!, System.Globalization.CultureInfo.InvariantCulture);
        int? index = target == PositionTarget.Bracket
            ? int.Parse((string)values["bracketIndex"]!, System.Globalization.CultureInfo.InvariantCulture)
            : null;
        return new PositionTargetRef(target, id, index);
    }
}
