// The authorization policies by name, and the handlers of the requirements that are ours.
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain.Delegations;

namespace OewgDrafting.Api.Infrastructure.Auth;

public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>Let anonymous clients read documents and their clean text.</summary>
    public bool PublicRead { get; set; }

    /// <summary>Becomes the chair's key when no chair key exists yet.</summary>
    public string? ChairApiKey { get; set; }
}

public static class Policies
{
    /// <summary>Any valid key; anyone at all when <c>Auth:PublicRead</c> is on.</summary>
    public const string Read = "read";

    /// <summary>Any valid key, observers included.</summary>
    public const string Authenticated = "authenticated";

    /// <summary>Delegations and the chair: those who take part in the negotiation.</summary>
    public const string Participant = "participant";

    /// <summary>Member states and groups only: co-sponsoring, breaking silence.</summary>
    public const string Delegation = "delegation";

    /// <summary>Only the chair's office decides.</summary>
    public const string Chair = "chair";

    /// <summary>The chair's office and the secretariat's translators: they keep the language versions.</summary>
    public const string Translation = "translation";

    /// <summary>
    /// The chair, or a facilitator of one of the route's document's clusters; each command then checks, through the same
    /// requirement on a <see cref="PresidingScope"/>, that the blocks it acts on lie in the caller's cluster.
    /// </summary>
    public const string Presiding = "presiding";

    /// <summary>Resource-based: the caller acts for the delegation given as the resource (itself, or a group it belongs to).</summary>
    public const string ActsFor = "actsFor";

    public static IServiceCollection AddDraftingAuthorization(this IServiceCollection services)
    {
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<ApiKeyOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddSingleton<IAuthorizationHandler, PublicReadHandler>();
        services.AddScoped<IAuthorizationHandler, ActsForHandler>();
        services.AddScoped<IAuthorizationHandler, PresidingHandler>();
        services.AddScoped<PresidingCheck>();
        services.AddScoped<ActsForCheck>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Read, p => p.AddRequirements(new PublicReadRequirement()))
            .AddPolicy(Authenticated, p => p.RequireAuthenticatedUser())
            .AddPolicy(Participant, p => p.RequireAuthenticatedUser().RequireRole(Roles.Delegation, Roles.Chair))
            .AddPolicy(Delegation, p => p.RequireAuthenticatedUser().RequireRole(Roles.Delegation))
            .AddPolicy(Chair, p => p.RequireAuthenticatedUser().RequireRole(Roles.Chair))
            .AddPolicy(Translation, p => p.RequireAuthenticatedUser().RequireRole(Roles.Chair, Roles.Secretariat))
            .AddPolicy(Presiding, p => p.RequireAuthenticatedUser().AddRequirements(new PresidingRequirement()))
            .AddPolicy(ActsFor, p => p.RequireAuthenticatedUser().AddRequirements(new ActsForRequirement()))
            // Secure by default: an endpoint that names no policy needs a valid key.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return services;
    }
}

public sealed class PublicReadRequirement : IAuthorizationRequirement;

internal sealed class PublicReadHandler(IOptionsMonitor<AuthOptions> options) : AuthorizationHandler<PublicReadRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PublicReadRequirement requirement)
    {
        if (context.User.Identity?.IsAuthenticated == true)
        {
            context.Succeed(requirement);
        }
        else if (options.CurrentValue.PublicRead
                 && context.Resource is HttpContext http
                 && !http.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName))
        {
            // A bad key is refused even where anonymous reading is allowed: the client meant to authenticate.
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

public sealed class ActsForRequirement : IAuthorizationRequirement;

/// <summary>
/// A delegation acts only for itself, or for a group it is a member of; the chair acts for the chair's office. The
/// authorization service builds every handler for every policy it evaluates, so the database context is taken from the
/// request's services only when a group's membership must be read, not on every authorized request.
/// </summary>
internal sealed class ActsForHandler(IServiceProvider services) : AuthorizationHandler<ActsForRequirement, string>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, ActsForRequirement requirement, string delegationCode)
    {
        var caller = context.User.FindFirst(Claims.Delegation)?.Value;
        if (caller is null)
        {
            return;
        }

        if (string.Equals(caller, delegationCode, StringComparison.OrdinalIgnoreCase))
        {
            context.Succeed(requirement);
            return;
        }

        var code = delegationCode.ToUpperInvariant();
        var db = services.GetRequiredService<DraftingDbContext>();
        var target = await db.Delegations.AsNoTracking().SingleOrDefaultAsync(d => d.Code == code);
        if (target is { Kind: DelegationKind.Group, Active: true } && target.Members.Contains(caller))
        {
            context.Succeed(requirement);
        }
    }
}

/// <summary>Asks, inside a command, whether the caller acts for a delegation (the <see cref="Policies.ActsFor"/> policy).</summary>
public sealed class ActsForCheck(IHttpContextAccessor accessor, IAuthorizationService authorization)
{
    /// <summary>Whether the caller is <paramref name="delegation"/> or a member of that group; false outside a request.</summary>
    public async Task<bool> ActsForAsync(string delegation) =>
        accessor.HttpContext?.User is { } user && (await authorization.AuthorizeAsync(user, delegation, Policies.ActsFor)).Succeeded;
}
