using System.Text;
using Microsoft.Net.Http.Headers;

namespace OewgDrafting.Api.Infrastructure.Http;

/// <summary>Reads a UTF-8 text body of one of the accepted media types, refusing anything else with a precise status.</summary>
public static class RequestText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The whole body (bounded by the request limit), refused when empty.</summary>
    public static async Task<byte[]> ReadBytesAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length == 0)
        {
            throw new BadHttpRequestException("The body is empty: send the document.", StatusCodes.Status400BadRequest);
        }

        return buffer.ToArray();
    }

    public static async Task<string> ReadUtf8Async(HttpRequest request, IReadOnlyList<string> mediaTypes, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !mediaTypes.Contains(contentType.MediaType.Value ?? string.Empty, StringComparer.OrdinalIgnoreCase))
        {
            throw new BadHttpRequestException(
                $"Send the document as {string.Join(" or ", mediaTypes)} (UTF-8); the request said '{request.ContentType ?? "nothing"}'.",
                StatusCodes.Status415UnsupportedMediaType);
        }

        var charset = contentType.Charset.Value;
        if (charset is not null && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            throw new BadHttpRequestException($"Only UTF-8 text is accepted, not {charset}.", StatusCodes.Status415UnsupportedMediaType);
        }

        string text;
        try
        {
            using var reader = new StreamReader(request.Body, StrictUtf8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
            text = await reader.ReadToEndAsync(cancellationToken);
        }
        catch (DecoderFallbackException)
        {
            throw new BadHttpRequestException("The body is not valid UTF-8 text.", StatusCodes.Status400BadRequest);
        }

        if (string.IsNullOrWhiteSpace(text.TrimStart('\uFEFF')))
        {
            throw new BadHttpRequestException("The body is empty: send the document's text.", StatusCodes.Status400BadRequest);
        }

        return text;
    }
}
