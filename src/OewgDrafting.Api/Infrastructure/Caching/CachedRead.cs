using Microsoft.Net.Http.Headers;
using OewgDrafting.Api.Infrastructure.Http;

namespace OewgDrafting.Api.Infrastructure.Caching;

/// <summary>
/// The hot read path: answers from a document head without the database. A conditional request naming the
/// current tag gets a 304 with no rendering and no allocation; a representation already rendered at the
/// current version is written as stored bytes. Only a miss renders, once per version.
/// </summary>
public static class CachedRead
{
    /// <summary>Sets the validators and answers when memory suffices; false when the representation must be rendered.</summary>
    public static bool TryServe(HttpContext http, Representation current, string contentType, out IResult result)
    {
        var headers = http.Response.Headers;
        headers.ETag = current.ETag;
        headers.CacheControl = "no-cache";
        if (IsNotModified(http.Request, current.ETag))
        {
            result = NotModified.Instance;
            return true;
        }

        if (current.Bytes is { } bytes)
        {
            result = new BytesResult(bytes, contentType);
            return true;
        }

        result = NotModified.Instance;
        return false;
    }

    /// <summary>Answers with what was just rendered, tagged with the version it was rendered at.</summary>
    public static IResult Rendered(HttpContext http, Representation rendered, string contentType)
    {
        http.Response.Headers.ETag = rendered.ETag;
        return new BytesResult(rendered.Bytes!, contentType);
    }

    /// <summary>True when If-None-Match names <paramref name="etag"/> (weakly) or is <c>*</c>: the client's copy is current.</summary>
    public static bool IsNotModified(HttpRequest request, string etag)
    {
        var header = request.Headers.IfNoneMatch;
        if (header.Count == 0)
        {
            return false;
        }

        // What clients send back is the tag they were given, verbatim: compare it without parsing.
        if (header.Count == 1 && string.Equals(header[0], etag, StringComparison.Ordinal))
        {
            return true;
        }

        if (!EntityTagHeaderValue.TryParseList(header, out var tags))
        {
            return false;
        }

        var current = new EntityTagHeaderValue(etag);
        return tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(current, useStrongComparison: false));
    }

    private sealed class NotModified : IResult
    {
        public static readonly NotModified Instance = new();

        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }
    }

    private sealed class BytesResult(byte[] bytes, string contentType) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.ContentType = contentType;
            response.ContentLength = bytes.Length;
            return response.Body.WriteAsync(bytes, httpContext.RequestAborted).AsTask();
        }
    }
}

/// <summary>The representations a document head caches, each in its own slot.</summary>
public static class Representations
{
    // Initialised in this order: the keys are built from the number of formats.
    private static readonly int Formats = Enum.GetValues<TextFormat>().Length;

    private static readonly RepresentationKey[] TextKeys = BuildTextKeys();

    /// <summary>GET /api/documents/{id}: the metadata and blocks; its tag is the bare version.</summary>
    public static readonly RepresentationKey Document = new(2 * Formats, null);

    /// <summary>GET /api/documents/{id}/consensus; its tag is the bare version.</summary>
    public static readonly RepresentationKey Consensus = new(2 * Formats + 1, null);

    public static RepresentationKey Text(bool compilation, TextFormat format) => TextKeys[(compilation ? Formats : 0) + (int)format];

    private static RepresentationKey[] BuildTextKeys()
    {
        var keys = new RepresentationKey[2 * Formats];
        foreach (var format in Enum.GetValues<TextFormat>())
        {
            var name = format.ToString().ToLowerInvariant();
            // The clean text changes only with the text: a proposal or a position leaves its renderings valid.
            keys[(int)format] = new RepresentationKey((int)format, name, FollowsText: true);
            keys[Formats + (int)format] = new RepresentationKey(Formats + (int)format, "compilation-" + name);
        }

        return keys;
    }
}
