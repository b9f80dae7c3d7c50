using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain.Delegations;

namespace OewgDrafting.Api.Infrastructure.Auth;

/// <summary>
/// Authenticates <c>X-Api-Key</c>: the key's hash must belong to an unrevoked key of an active delegation.
/// Challenges and refusals are problem responses like every other error.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    TimeProvider clock,
    IProblemDetailsService problems) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    private const int MaxKeyLength = 200;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values))
        {
            return AuthenticateResult.NoResult();
        }

        var key = values.ToString().Trim();
        if (key.Length == 0 || key.Length > MaxKeyLength || values.Count != 1)
        {
            return AuthenticateResult.Fail("The API key is malformed.");
        }

        var db = Context.RequestServices.GetRequiredService<DraftingDbContext>();
        var hash = ApiKey.HashOf(key);
        var match = await db.ApiKeys.AsNoTracking()
            .Where(k => k.Hash == hash && k.RevokedAt == null)
            .Join(db.Delegations.Where(d => d.Active), k => k.DelegationCode, d => d.Code, (k, d) => new { k.Id, k.LastUsedAt, d.Code, d.Kind })
            .SingleOrDefaultAsync(Context.RequestAborted);
        if (match is null)
        {
            return AuthenticateResult.Fail("The API key is not valid, was revoked, or belongs to a deactivated delegation.");
        }

        var now = clock.GetUtcNow();
        if (match.LastUsedAt is null || now - match.LastUsedAt.Value >= TimeSpan.FromMinutes(1))
        {
            // At most one write a minute per key; a read should not cost a write each time.
            await db.ApiKeys.Where(k => k.Id == match.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), Context.RequestAborted);
        }

        var role = match.Kind switch
        {
            DelegationKind.Chair => Roles.Chair,
            DelegationKind.Observer => Roles.Observer,
            _ => Roles.Delegation,
        };
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, match.Code),
                new Claim(ClaimTypes.Name, match.Code),
                new Claim(Claims.Delegation, match.Code),
                new Claim(Claims.KeyId, match.Id.ToString()),
                new Claim(ClaimTypes.Role, role),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{HeaderName}\"";
        var sent = Request.Headers.ContainsKey(HeaderName);
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Unauthorized",
                Detail = sent
                    ? "The API key is not valid, was revoked, or belongs to a deactivated delegation."
                    : $"Send an API key in the {HeaderName} header.",
            },
        });
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Forbidden",
                Detail = "Your key is valid, but its delegation may not do this.",
            },
        });
    }
}
