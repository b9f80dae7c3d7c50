using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using OewgDrafting.Api.Infrastructure.Auth;
using OewgDrafting.Domain.Positions;

namespace OewgDrafting.Api.Features.Positions;

public sealed record SetPositionRequest([property: System.ComponentModel.DataAnnotations.Required] Stance? Stance, string? Statement, int? Alternative);

public static class PositionsEndpoints
{
    public static IEndpointRouteBuilder MapPositions(this IEndpointRouteBuilder app)
    {
        var positions = app.MapGroup("/api/documents/{documentId:guid}").WithTags("Positions");

        // Each target's route parameters are the handlers' own parameters, so that the API description declares them.
        const string block = "/blocks/{blockId:guid}/positions";
        Describe(positions.MapGet(block, (Guid documentId, Guid blockId, IMediator m, CancellationToken ct) =>
            ListAsync(documentId, new(PositionTarget.Block, blockId, null), m, ct)), PositionTarget.Block, Verb.List);
        Describe(positions.MapPut(block + "/{delegationCode}", (Guid documentId, Guid blockId, string delegationCode, SetPositionRequest body, IMediator m, CancellationToken ct) =>
            SetAsync(documentId, new(PositionTarget.Block, blockId, null), delegationCode, body, m, ct)), PositionTarget.Block, Verb.Set);
        Describe(positions.MapDelete(block + "/{delegationCode}", (Guid documentId, Guid blockId, string delegationCode, IMediator m, CancellationToken ct) =>
            WithdrawAsync(documentId, new(PositionTarget.Block, blockId, null), delegationCode, m, ct)), PositionTarget.Block, Verb.Withdraw);

        const string amendment = "/amendments/{amendmentId:guid}/positions";
        Describe(positions.MapGet(amendment, (Guid documentId, Guid amendmentId, IMediator m, CancellationToken ct) =>
            ListAsync(documentId, new(PositionTarget.Amendment, amendmentId, null), m, ct)), PositionTarget.Amendment, Verb.List);
        Describe(positions.MapPut(amendment + "/{delegationCode}", (Guid documentId, Guid amendmentId, string delegationCode, SetPositionRequest body, IMediator m, CancellationToken ct) =>
            SetAsync(documentId, new(PositionTarget.Amendment, amendmentId, null), delegationCode, body, m, ct)), PositionTarget.Amendment, Verb.Set);
        Describe(positions.MapDelete(amendment + "/{delegationCode}", (Guid documentId, Guid amendmentId, string delegationCode, IMediator m, CancellationToken ct) =>
            WithdrawAsync(documentId, new(PositionTarget.Amendment, amendmentId, null), delegationCode, m, ct)), PositionTarget.Amendment, Verb.Withdraw);

        const string bracket = "/blocks/{blockId:guid}/brackets/{bracketIndex:int}/positions";
        Describe(positions.MapGet(bracket, (Guid documentId, Guid blockId, int bracketIndex, IMediator m, CancellationToken ct) =>
            ListAsync(documentId, new(PositionTarget.Bracket, blockId, bracketIndex), m, ct)), PositionTarget.Bracket, Verb.List);
        Describe(positions.MapPut(bracket + "/{delegationCode}", (Guid documentId, Guid blockId, int bracketIndex, string delegationCode, SetPositionRequest body, IMediator m, CancellationToken ct) =>
            SetAsync(documentId, new(PositionTarget.Bracket, blockId, bracketIndex), delegationCode, body, m, ct)), PositionTarget.Bracket, Verb.Set);
        Describe(positions.MapDelete(bracket + "/{delegationCode}", (Guid documentId, Guid blockId, int bracketIndex, string delegationCode, IMediator m, CancellationToken ct) =>
            WithdrawAsync(documentId, new(PositionTarget.Bracket, blockId, bracketIndex), delegationCode, m, ct)), PositionTarget.Bracket, Verb.Withdraw);
        return app;
    }

    private enum Verb
    {
        List,
        Set,
        Withdraw,
    }

    private static async Task<Ok<IReadOnlyList<PositionResponse>>> ListAsync(Guid documentId, PositionTargetRef where, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new ListPositions.Query(documentId, where), ct));

    private static async Task<Ok<PositionResponse>> SetAsync(Guid documentId, PositionTargetRef where, string delegationCode, SetPositionRequest body,
        IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new SetPosition.Command(documentId, where, delegationCode, body.Stance, body.Statement, body.Alternative), ct));

    private static async Task<NoContent> WithdrawAsync(Guid documentId, PositionTargetRef where, string delegationCode, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(new WithdrawPosition.Command(documentId, where, delegationCode), ct);
        return TypedResults.NoContent();
    }

    /// <summary>The same three operations (list, set, withdraw) for each kind of target; operation ids name the kind.</summary>
    private static void Describe(RouteHandlerBuilder endpoint, PositionTarget target, Verb verb)
    {
        var name = target.ToString();
        switch (verb)
        {
            case Verb.List:
                endpoint.WithName($"List{name}Positions").RequireAuthorization(Policies.Read)
                    .WithSummary($"The current positions on the {name.ToLowerInvariant()}; the history stays in the event log.")
                    .ProducesProblem(StatusCodes.Status404NotFound);
                break;
            case Verb.Set:
                endpoint.WithName($"Set{name}Position").RequireAuthorization(Policies.Delegation)
                    .WithSummary(target == PositionTarget.Bracket
                        ? "Registers a delegation's position on a bracket: retain or delete (an alternative, or the bracketed text)."
                        : $"Registers a delegation's stance on the {name.ToLowerInvariant()}: support, oppose, reserve, noObjection or awaitingInstructions.")
                    .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
                    .ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
                break;
            default:
                endpoint.WithName($"Withdraw{name}Position").RequireAuthorization(Policies.Delegation)
                    .WithSummary("Withdraws a delegation's position.")
                    .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
                break;
        }
    }
}
