// The X-Api-Key authentication scheme: a key's hash looked up in the key cache; challenges and refusals as problem details.
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using OewgDrafting.Domain.Delegations;

namespace OewgDrafting.Api.Infrastructure.Auth;

public sealed class ApiKeyOptions : AuthenticationSchemeOptions;

/// <summary>
/// One valid key makes its delegation's principal the request's user. A missing key leaves the request anonymous
/// (authorization then challenges it, or lets a public read through); several keys, a blank or over-long one, or one
/// that is unknown, revoked or of a deactivated delegation fail authentication.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<ApiKeyOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyCache keys,
    IProblemDetailsService problems) : AuthenticationHandler<ApiKeyOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    private const string NotValid = "The API key is not valid, was revoked, or belongs to a deactivated delegation.";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values))
        {
            return AuthenticateResult.NoResult();
        }

        var sent = values.Count == 1 ? values[0].AsSpan().Trim() : [];
        if (sent.IsEmpty || sent.Length > ApiKeyCache.MaxKeyLength)
        {
            return AuthenticateResult.Fail(NotValid);
        }

        var key = await keys.FindAsync(ApiKey.HashOf(sent.ToString()), Context.RequestServices, Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail(NotValid);
        }

        keys.MarkUsed(key);
        return AuthenticateResult.Success(key.Ticket);
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{HeaderName}\"";
        await WriteProblemAsync(StatusCodes.Status401Unauthorized, "Unauthorized",
            Request.Headers.ContainsKey(HeaderName) ? NotValid : $"Send an API key in the {HeaderName} header.");
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await WriteProblemAsync(StatusCodes.Status403Forbidden, "Forbidden", "Your key is valid, but its delegation may not do this.");
    }

    private ValueTask WriteProblemAsync(int status, string title, string detail) => problems.WriteAsync(new ProblemDetailsContext
    {
        HttpContext = Context,
        ProblemDetails = { Status = status, Title = title, Detail = detail },
    });
}
