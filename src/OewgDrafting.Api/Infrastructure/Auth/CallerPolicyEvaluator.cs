using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;

namespace OewgDrafting.Api.Infrastructure.Auth;

/// <summary>
/// The authorization middleware's evaluator, with a short way to "allowed" for what a key alone decides. Every
/// policy an endpoint names here asks only who the caller is (a valid key; one of some roles), except the
/// resource-based <see cref="ActsForRequirement"/>, which handlers check in the request. For a request authenticated
/// by a key, such a policy is allowed when each requirement holds for the key's principal: the same decision the
/// authorization service reaches, without building a handler context and running every handler for each request (a
/// profile of a 304 put the evaluator at a third of the authorization middleware's time). Anything else, and every
/// refusal, goes to the framework's evaluator, so challenges (401) and refusals (403) are unchanged.
/// <para>
/// The short way is sound only while no handler can make such a requirement fail; the handlers registered are
/// checked by a test, which also compares both evaluators' decisions on every endpoint for every role.
/// </para>
/// </summary>
public sealed class CallerPolicyEvaluator(IAuthorizationService authorization) : IPolicyEvaluator
{
    private static readonly Task<PolicyAuthorizationResult> Allowed = Task.FromResult(PolicyAuthorizationResult.Success());

    private readonly PolicyEvaluator _framework = new(authorization);

    public Task<AuthenticateResult> AuthenticateAsync(AuthorizationPolicy policy, HttpContext context) =>
        policy.AuthenticationSchemes.Count == 0 && context.User.Identity is ApiKeyIdentity identity
            ? identity.Key.Authenticated
            : _framework.AuthenticateAsync(policy, context);

    public Task<PolicyAuthorizationResult> AuthorizeAsync(AuthorizationPolicy policy, AuthenticateResult authenticationResult,
        HttpContext context, object? resource) =>
        authenticationResult.Succeeded && context.User.Identity is ApiKeyIdentity && HoldsForTheCaller(policy, context.User)
            ? Allowed
            : _framework.AuthorizeAsync(policy, authenticationResult, context, resource);

    /// <summary>True when every requirement of the policy is one a key's principal alone satisfies, and it does.</summary>
    internal static bool HoldsForTheCaller(AuthorizationPolicy policy, System.Security.Claims.ClaimsPrincipal user)
    {
        foreach (var requirement in policy.Requirements)
        {
            var holds = requirement switch
            {
                // The caller has a valid key: authenticated, so a reader.
                DenyAnonymousAuthorizationRequirement or PublicReadRequirement => true,
                RolesAuthorizationRequirement roles => roles.AllowedRoles.Any(user.IsInRole),
                _ => false,
            };
            if (!holds)
            {
                return false;
            }
        }

        return true;
    }
}
