using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Http;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Amendments;
using OewgDrafting.Domain.Text;

namespace OewgDrafting.Api.Infrastructure.Errors;

/// <summary>
/// The one place where failures become RFC 9457 problem responses (<c>application/problem+json</c>).
/// Bodies never carry stack traces, SQL or exception type names.
/// </summary>
public sealed class ProblemDetailsExceptionHandler(
    IProblemDetailsService problemDetails,
    ILogger<ProblemDetailsExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
            return true;
        }

        var problem = ToProblem(httpContext, exception);
        if (problem.Status >= 500)
        {
            logger.LogError(exception, "Unhandled error for {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        if (exception is ServerBusyException)
        {
            httpContext.Response.Headers.RetryAfter = "1";
        }

        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    internal static ProblemDetails ToProblem(HttpContext httpContext, Exception exception) => exception switch
    {
        BracketSyntaxException e => Validation(StatusCodes.Status400BadRequest, "Unbalanced brackets", e.Message,
            new Dictionary<string, string[]> { ["text"] = [e.Message] }, ("position", e.Position)),
        Domain.Search.SearchQueryException e => Validation(StatusCodes.Status400BadRequest, "Invalid search query", e.Message,
            new Dictionary<string, string[]> { ["q"] = [e.Message] }),
        DomainValidationException e => Validation(StatusCodes.Status422UnprocessableEntity, "Invalid request",
            "One or more fields are invalid; see errors.", e.Errors),
        NotFoundException e => Problem(StatusCodes.Status404NotFound, "Not found", e.Message),
        ForbiddenException e => Problem(StatusCodes.Status403Forbidden, "Forbidden", e.Message),
        AnchorException e => Validation(StatusCodes.Status422UnprocessableEntity, "The quote cannot be placed", e.Message,
            new Dictionary<string, string[]> { [e.Problem == AnchorProblem.NotFound ? "quote" : "occurrence"] = [e.Message] },
            ("occurrences", e.Occurrences)),
        StaleVersionException e => Problem(
            httpContext.Request.Headers.IfMatch.Count > 0 ? StatusCodes.Status412PreconditionFailed : StatusCodes.Status409Conflict,
            "Stale version", e.Message, ("currentVersion", e.Actual), ("expectedVersion", e.Expected)),
        BlockedException e => Problem(StatusCodes.Status409Conflict, "Blocked", e.Message, ("reasons", e.Reasons), ("blockers", e.Blockers)),
        ConflictException e => Problem(StatusCodes.Status409Conflict, "Conflict", e.Message, ("reasons", e.Reasons)),
        DbUpdateConcurrencyException => Problem(StatusCodes.Status409Conflict, "Concurrent change",
            "Someone else changed this at the same moment. Fetch it again and reapply your change."),
        DbUpdateException e when IsUniqueViolation(e) => Problem(StatusCodes.Status409Conflict, "Concurrent change",
            "The same thing was created at the same moment by another request. Fetch it again."),
        PreconditionRequiredException e => Problem(StatusCodes.Status428PreconditionRequired, "Version required", e.Message),
        NotAcceptableException e => Problem(StatusCodes.Status406NotAcceptable, "Not acceptable", e.Message),
        ServerBusyException e => Problem(StatusCodes.Status429TooManyRequests, "Too many requests", e.Message),
        BadHttpRequestException e => FromBadRequest(e),
        JsonException e => Validation(StatusCodes.Status400BadRequest, "Malformed JSON", Describe(e),
            new Dictionary<string, string[]> { [e.Path ?? "$"] = [Describe(e)] }),
        _ => Problem(StatusCodes.Status500InternalServerError, "Unexpected error",
            "The server failed to process the request. The error was logged; nothing was changed."),
    };

    /// <summary>A unique index refused a row: on SQLite a constraint error, on PostgreSQL SQLSTATE 23505.</summary>
    private static bool IsUniqueViolation(DbUpdateException e) => e.InnerException switch
    {
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode == 19,
        Npgsql.PostgresException postgres => postgres.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        _ => false,
    };

    private static ProblemDetails FromBadRequest(BadHttpRequestException e)
    {
        if (e.InnerException is JsonException json)
        {
            var detail = Describe(json);
            return Validation(StatusCodes.Status400BadRequest, "Malformed JSON", detail,
                new Dictionary<string, string[]> { [json.Path ?? "$"] = [detail] });
        }

        var status = e.StatusCode;
        var title = status switch
        {
            StatusCodes.Status413PayloadTooLarge => "Request body too large",
            StatusCodes.Status415UnsupportedMediaType => "Unsupported media type",
            _ => "Bad request",
        };
        return Problem(status, title, e.Message);
    }

    // JsonException messages name the CLR type ("System.Int32"); say what the client needs instead.
    private static string Describe(JsonException e)
    {
        var where = e.Path is null ? "the body" : $"'{e.Path}'";
        var position = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : string.Empty;
        if (e.Message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return $"The value at {where}{position} has the wrong type or an unknown value.";
        }

        if (e.Message.Contains("could not be mapped", StringComparison.Ordinal) || e.Message.Contains("unmapped", StringComparison.OrdinalIgnoreCase))
        {
            return $"The body has a property that this endpoint does not know, at {where}{position}.";
        }

        if (e.Message.Contains("missing required properties", StringComparison.Ordinal) || e.Message.Contains("null", StringComparison.OrdinalIgnoreCase))
        {
            return $"A required value is missing or null at {where}{position}.";
        }

        return $"The body is not valid JSON{position}.";
    }

    private static ProblemDetails Problem(int status, string title, string detail, params (string Key, object? Value)[] extensions)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        foreach (var (key, value) in extensions)
        {
            problem.Extensions[key] = value;
        }

        return problem;
    }

    private static HttpValidationProblemDetails Validation(int status, string title, string detail,
        IReadOnlyDictionary<string, string[]> errors, params (string Key, object? Value)[] extensions)
    {
        var problem = new HttpValidationProblemDetails(errors.ToDictionary(e => e.Key, e => e.Value))
        {
            Status = status,
            Title = title,
            Detail = detail,
        };
        foreach (var (key, value) in extensions)
        {
            problem.Extensions[key] = value;
        }

        return problem;
    }
}

/// <summary>A write that must name the version it was based on (If-Match or expectedVersion) did not.</summary>
public sealed class PreconditionRequiredException(string message) : Exception(message);

/// <summary>The client accepts none of the formats a resource has.</summary>
public sealed class NotAcceptableException(string message) : Exception(message);
