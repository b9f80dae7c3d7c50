using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using OewgDrafting.Api.Infrastructure.Auth;

namespace OewgDrafting.Api.Features.Delegations;

public sealed record UpdateDelegationRequest(string? Name, bool? Active, IReadOnlyList<string>? Members);

public static class DelegationsEndpoints
{
    public static IEndpointRouteBuilder MapDelegations(this IEndpointRouteBuilder app)
    {
        var delegations = app.MapGroup("/api/delegations").WithTags("Delegations");

        delegations.MapGet("/", ListAsync).WithName("ListDelegations").RequireAuthorization(Policies.Authenticated)
            .WithSummary("Lists the delegations: member states, groups with their members, observers and the chair.");
        delegations.MapGet("/events", RegistryEventsAsync).WithName("ListRegistryEvents").RequireAuthorization(Policies.Chair)
            .WithSummary("The registry's own log: delegations created and changed, keys issued and revoked.");
        delegations.MapGet("/{code}", GetAsync).WithName("GetDelegation").RequireAuthorization(Policies.Authenticated)
            .WithSummary("One delegation: its name, kind, role, members and whether it is active.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        delegations.MapPost("/", CreateAsync).WithName("CreateDelegation").RequireAuthorization(Policies.Chair)
            .WithSummary("Registers a delegation (chair).")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        delegations.MapPatch("/{code}", UpdateAsync).WithName("UpdateDelegation").RequireAuthorization(Policies.Chair)
            .WithSummary("Renames a delegation, changes a group's members, or deactivates it (chair).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        delegations.MapPost("/{code}/keys", IssueKeyAsync).WithName("IssueKey").RequireAuthorization(Policies.Chair)
            .WithSummary("Issues an API key to a delegation (chair); the key is shown in this answer only.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        delegations.MapGet("/{code}/keys", ListKeysAsync).WithName("ListKeys").RequireAuthorization(Policies.Authenticated)
            .WithSummary("Lists a delegation's keys (ids, creation, last use), never the keys (the chair, or the delegation itself).")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        delegations.MapDelete("/{code}/keys/{keyId:guid}", RevokeKeyAsync).WithName("RevokeKey").RequireAuthorization(Policies.Chair)
            .WithSummary("Revokes a key at once (chair).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Ok<IReadOnlyList<DelegationResponse>>> ListAsync(IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new ListDelegations.Query(), ct));

    private static async Task<Ok<DelegationResponse>> GetAsync(string code, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new GetDelegation.Query(code), ct));

    private static async Task<Created<DelegationResponse>> CreateAsync(CreateDelegation.Command command, IMediator mediator, CancellationToken ct)
    {
        var delegation = await mediator.Send(command, ct);
        return TypedResults.Created($"/api/delegations/{delegation.Code}", delegation);
    }

    private static async Task<Ok<DelegationResponse>> UpdateAsync(string code, UpdateDelegationRequest body, IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new UpdateDelegation.Command(code, body.Name, body.Active, body.Members), ct));

    private static async Task<Created<IssuedKeyResponse>> IssueKeyAsync(string code, HttpResponse response, IMediator mediator, CancellationToken ct)
    {
        var key = await mediator.Send(new IssueKey.Command(code), ct);
        response.Headers.CacheControl = "no-store";
        return TypedResults.Created($"/api/delegations/{key.DelegationCode}/keys/{key.Id}", key);
    }

    private static async Task<Results<Ok<IReadOnlyList<KeyResponse>>, ForbidHttpResult>> ListKeysAsync(string code, HttpContext http,
        IAuthorizationService authorization, IMediator mediator, CancellationToken ct)
    {
        // The chair sees every delegation's keys; a delegation sees its own.
        if (!http.User.IsInRole(Roles.Chair)
            && !string.Equals(http.User.FindFirst(Claims.Delegation)?.Value, code.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Forbid();
        }

        return TypedResults.Ok(await mediator.Send(new ListKeys.Query(code), ct));
    }

    private static async Task<NoContent> RevokeKeyAsync(string code, Guid keyId, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(new RevokeKey.Command(code, keyId), ct);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<IReadOnlyList<RegistryEventResponse>>> RegistryEventsAsync([FromQuery] long? after, [FromQuery] int? limit,
        IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(await mediator.Send(new ListRegistryEvents.Query(after ?? 0, Math.Clamp(limit ?? 100, 1, 1000)), ct));
}
