using Microsoft.Net.Http.Headers;
using OewgDrafting.Api.Infrastructure.Http;

namespace OewgDrafting.Api.Infrastructure.Caching;

/// <summary>
/// The hot read path: answers from a document head without the database. A conditional request naming the
/// current tag gets a 304 with no rendering and no allocation; a representation already rendered at the
/// current version is written as stored bytes. Only a miss renders, once per version.
/// <para>
/// A compressible representation (a text, not a Word file) is also kept gzip-compressed, compressed once per
/// version on the first request that accepts it, and sent so to every client that sends
/// <c>Accept-Encoding: gzip</c> (every browser does): a thousand-paragraph report is a few hundred kilobytes, and a
/// room of delegations polling it should not move that much over the conference network. The compressed bytes
/// are the same text, so they carry the weak form of the same tag (as nginx does): a conditional request with
/// either form gets its 304.
/// </para>
/// </summary>
public static class CachedRead
{
    /// <summary>Bodies shorter than this are sent as they are: compressing them saves less than a packet.</summary>
    public const int MinCompressedLength = 1400;

    /// <summary>Sets the validators and answers when memory suffices; false when the representation must be rendered.</summary>
    public static bool TryServe(HttpContext http, Representation current, string contentType, out IResult result,
        bool compressible = false)
    {
        var headers = http.Response.Headers;
        var gzip = Gzips(http.Request, current, compressible);
        headers.ETag = gzip ? current.WeakETag : current.ETag;
        headers.CacheControl = "no-cache";
        if (IsNotModified(http.Request, current))
        {
            result = NotModified.Instance;
            return true;
        }

        if (current.Bytes is not null)
        {
            result = Body(current, contentType, gzip);
            return true;
        }

        result = NotModified.Instance;
        return false;
    }

    /// <summary>Answers with what was just rendered, tagged with the version it was rendered at.</summary>
    public static IResult Rendered(HttpContext http, Representation rendered, string contentType, bool compressible = false)
    {
        var gzip = Gzips(http.Request, rendered, compressible);
        http.Response.Headers.ETag = gzip ? rendered.WeakETag : rendered.ETag;
        return Body(rendered, contentType, gzip);
    }

    /// <summary>Whether the representation goes gzipped: compressible, not known to be shorter than a packet, and accepted.</summary>
    private static bool Gzips(HttpRequest request, Representation representation, bool compressible) =>
        compressible && representation.Bytes is not { Length: < MinCompressedLength } && AcceptsGzip(request);

    private static BytesResult Body(Representation representation, string contentType, bool gzip) => gzip
        ? new BytesResult(representation.Gzip(), contentType, "gzip")
        : new BytesResult(representation.Bytes!, contentType, null);

    /// <summary>
    /// True when Accept-Encoding admits gzip: named (or <c>*</c>) with a quality above zero, and not refused by name.
    /// Read in place, without allocating: it runs on every read of a text, 304s included.
    /// </summary>
    public static bool AcceptsGzip(HttpRequest request)
    {
        var header = request.Headers.AcceptEncoding;
        if (header.Count == 0)
        {
            return false;
        }

        bool? gzip = null;
        var any = false;
        foreach (var value in header)
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            foreach (var range in value.AsSpan().Split(','))
            {
                var part = value.AsSpan()[range].Trim();
                var semicolon = part.IndexOf(';');
                var coding = (semicolon < 0 ? part : part[..semicolon]).Trim();
                var accepted = semicolon < 0 || QualityAboveZero(part[(semicolon + 1)..]);
                if (coding.Equals("gzip", StringComparison.OrdinalIgnoreCase) || coding.Equals("x-gzip", StringComparison.OrdinalIgnoreCase))
                {
                    gzip = (gzip ?? false) || accepted;
                }
                else if (coding.SequenceEqual("*"))
                {
                    any = accepted;
                }
            }
        }

        return gzip ?? any;
    }

    private static bool QualityAboveZero(ReadOnlySpan<char> parameters)
    {
        foreach (var range in parameters.Split(';'))
        {
            var parameter = parameters[range].Trim();
            if (parameter.Length > 2 && (parameter[0] is 'q' or 'Q') && parameter[1] == '=')
            {
                return !double.TryParse(parameter[2..], System.Globalization.NumberStyles.AllowDecimalPoint,
                    System.Globalization.CultureInfo.InvariantCulture, out var quality) || quality > 0;
            }
        }

        return true;
    }

    /// <summary>
    /// True when If-None-Match names the representation's tag (weakly, in either form) or is <c>*</c>: the weak form a
    /// gzip client was given is compared verbatim here, everything else as for any tag.
    /// </summary>
    public static bool IsNotModified(HttpRequest request, Representation current) =>
        (request.Headers.IfNoneMatch is { Count: 1 } header && string.Equals(header[0], current.WeakETag, StringComparison.Ordinal))
        || IsNotModified(request, current.ETag);

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

    private sealed class BytesResult(byte[] bytes, string contentType, string? contentEncoding) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.ContentType = contentType;
            if (contentEncoding is not null)
            {
                response.Headers.ContentEncoding = contentEncoding;
            }

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
