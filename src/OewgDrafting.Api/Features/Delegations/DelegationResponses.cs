using OewgDrafting.Domain.Delegations;

namespace OewgDrafting.Api.Features.Delegations;

public sealed record DelegationResponse(string Code, string Name, DelegationKind Kind, string Role, bool Active,
    IReadOnlyList<string> Members, DateTimeOffset CreatedAt)
{
    public static DelegationResponse From(Delegation d) =>
        new(d.Code, d.Name, d.Kind, Infrastructure.Auth.Roles.Of(d.Role), d.Active, d.Members, d.CreatedAt);
}

/// <summary>The key appears here once, when it is issued; it is never shown again.</summary>
public sealed record IssuedKeyResponse(Guid Id, string DelegationCode, string Key, DateTimeOffset CreatedAt);

public sealed record KeyResponse(Guid Id, string Label, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt, bool Active)
{
    public static KeyResponse From(ApiKey k) => new(k.Id, k.Label, k.CreatedAt, k.LastUsedAt, k.RevokedAt, k.IsActive);
}

public sealed record RegistryEventResponse(long Id, DateTimeOffset OccurredAt, string Actor, string Type, string Subject, System.Text.Json.JsonElement Data);
