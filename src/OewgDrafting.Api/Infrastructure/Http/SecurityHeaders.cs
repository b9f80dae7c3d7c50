namespace OewgDrafting.Api.Infrastructure.Http;

/// <summary>
/// Headers that stop browsers from sniffing, framing or leaking: on every response, and a strict
/// content security policy on the rendered text pages (they never need script).
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public const string RenderedPagePolicy =
        "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>
    /// The reference viewer: its own script and style files only (no inline script or style, no eval), and calls to
    /// this API alone.
    /// </summary>
    public const string ViewerPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var context = (HttpContext)state;
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            if (context.Request.Path.StartsWithSegments(Viewer.Path))
            {
                headers.XFrameOptions = "DENY";
                headers.ContentSecurityPolicy = ViewerPolicy;
            }
            else if (context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
            {
                headers.XFrameOptions = "DENY";
                if (!context.Request.Path.StartsWithSegments("/swagger"))
                {
                    headers.ContentSecurityPolicy = RenderedPagePolicy;
                }
            }

            return Task.CompletedTask;
        }, context);
        return next(context);
    }
}
