using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace OewgDrafting.Api.Infrastructure.Auth;

/// <summary>
/// Authenticates <c>X-Api-Key</c>: the key's hash must belong to an unrevoked key of an active delegation.
/// Challenges and refusals are problem responses like every other error.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyCache keys,
    IProblemDetailsService problems) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values))
        {
            return AuthenticateResult.NoResult();
        }

        var key = values.Count == 1 ? values[0].AsSpan().Trim() : default;
        if (key.Length == 0 || key.Length > ApiKeyCache.MaxKeyLength || KeyHash.Of(key) is not { } hash)
        {
            return AuthenticateResult.Fail("The API key is malformed.");
        }

        // A hit costs a hash and a lookup; only a key this instance has not seen (or has forgotten) reads the registry.
        var match = await keys.FindAsync(hash, Context.RequestServices, Context.RequestAborted);
        if (match is null)
        {
            return AuthenticateResult.Fail("The API key is not valid, was revoked, or belongs to a deactivated delegation.");
        }

        keys.MarkUsed(match);
        return AuthenticateResult.Success(new AuthenticationTicket(match.Principal, SchemeName));
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
