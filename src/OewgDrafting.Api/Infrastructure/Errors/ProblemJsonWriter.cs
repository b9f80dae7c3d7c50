using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing.Template;
using ProblemDetails = Microsoft.AspNetCore.Mvc.ProblemDetails;
using Microsoft.Extensions.Options;

namespace OewgDrafting.Api.Infrastructure.Errors;

/// <summary>
/// Writes every problem as <c>application/problem+json</c>, whatever the request's Accept header said
/// (the default writer stays silent when a client accepts only, say, text/markdown), and gives problems
/// raised by the framework itself (unknown route, wrong method) a detail that helps.
/// </summary>
public sealed class ProblemJsonWriter(IOptions<JsonOptions> jsonOptions) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var http = context.HttpContext;
        problem.Status ??= http.Response.StatusCode;
        var status = problem.Status.Value;
        problem.Title ??= TitleFor(status);
        problem.Detail ??= DetailFor(status, http);
        problem.Type ??= $"https://www.rfc-editor.org/rfc/rfc9110#status.{status}";
        problem.Instance ??= http.Request.Path;
        problem.Extensions["traceId"] = http.TraceIdentifier;

        http.Response.ContentType = "application/problem+json; charset=utf-8";
        return new ValueTask(JsonSerializer.SerializeAsync(http.Response.Body, problem, problem.GetType(),
            jsonOptions.Value.SerializerOptions, http.RequestAborted));
    }

    private static string TitleFor(int status) => status switch
    {
        400 => "Bad request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not found",
        405 => "Method not allowed",
        406 => "Not acceptable",
        409 => "Conflict",
        412 => "Precondition failed",
        413 => "Request body too large",
        415 => "Unsupported media type",
        422 => "Invalid request",
        428 => "Precondition required",
        429 => "Too many requests",
        _ => "Error",
    };

    private static string DetailFor(int status, HttpContext http) => status switch
    {
        404 => $"There is nothing at {http.Request.Path}.",
        405 => $"{http.Request.Method} is not allowed on {http.Request.Path}.",
        415 => UnsupportedMediaType(http),
        _ => TitleFor(status) + ".",
    };

    /// <summary>
    /// Names what the endpoint reads beside what was sent. When no endpoint reads the body's type, routing answers with its
    /// own 415 endpoint, so the endpoints of this method and path are looked up for their <see cref="IAcceptsMetadata"/>.
    /// </summary>
    private static string UnsupportedMediaType(HttpContext http)
    {
        var sent = http.Request.ContentType is { Length: > 0 } type ? $"'{type}'" : "a body without a content type";
        var accepted = http.RequestServices.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(http.Request.Method, StringComparer.OrdinalIgnoreCase) == true
                && new TemplateMatcher(TemplateParser.Parse(e.RoutePattern.RawText ?? string.Empty), []).TryMatch(http.Request.Path, []))
            .SelectMany(e => e.Metadata.GetOrderedMetadata<IAcceptsMetadata>().SelectMany(m => m.ContentTypes))
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return accepted.Count > 0
            ? $"This endpoint reads {string.Join(" or ", accepted)}, not {sent}."
            : $"This endpoint does not read {sent}; see the API description at /swagger.";
    }
}
