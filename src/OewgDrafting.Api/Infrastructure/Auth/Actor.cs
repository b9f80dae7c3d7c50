using System.Security.Claims;
using OewgDrafting.Domain.Delegations;

namespace OewgDrafting.Api.Infrastructure.Auth;

public static class Claims
{
    public const string Delegation = "oewg:delegation";
    public const string KeyId = "oewg:key";
    public const string KeyHash = "oewg:keyhash";
}

public static class Roles
{
    public const string Chair = "chair";
    public const string Delegation = "delegation";
    public const string Observer = "observer";
    public const string Secretariat = "secretariat";

    public static string Of(Role role) => role switch
    {
        Role.Chair => Chair,
        Role.Delegation => Delegation,
        Role.Secretariat => Secretariat,
        _ => Observer,
    };
}

/// <summary>Who is acting in this request: a delegation authenticated by its key, or the system itself at start-up.</summary>
public interface ICurrentActor
{
    /// <summary>The delegation code (<c>CHAIR</c>, <c>ESP</c>…), or <c>system</c>.</summary>
    string Code { get; }
}

public sealed class HttpCurrentActor(IHttpContextAccessor accessor) : ICurrentActor
{
    public const string System = "system";

    private ClaimsPrincipal? User => accessor.HttpContext?.User;

    // Work done outside a request (start-up, the silence-procedure closer) is recorded as the system's.
    public string Code => User?.FindFirstValue(Claims.Delegation) ?? System;
}
