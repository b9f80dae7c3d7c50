using Microsoft.Net.Http.Headers;

namespace OewgDrafting.Api.Infrastructure.Http;

public enum TextFormat
{
    Json,
    Markdown,
    PlainText,
    Html,

    /// <summary>A Word document (WordprocessingML).</summary>
    Docx,

    /// <summary>Akoma Ntoso 3.0 (OASIS LegalDocML).</summary>
    Akn,
}

/// <summary>Chooses a text format from the <c>format</c> query parameter (for browsers) or the <c>Accept</c> header.</summary>
public static class TextFormats
{
    public const string Markdown = "text/markdown";
    public const string PlainText = "text/plain";
    public const string Html = "text/html";
    public const string Json = "application/json";
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string Akn = "application/akn+xml";

    public static string ContentType(TextFormat format) => format switch
    {
        TextFormat.Markdown => Markdown + "; charset=utf-8",
        TextFormat.PlainText => PlainText + "; charset=utf-8",
        TextFormat.Html => Html + "; charset=utf-8",
        TextFormat.Docx => Docx,
        TextFormat.Akn => Akn + "; charset=utf-8",
        _ => Json + "; charset=utf-8",
    };

    public static TextFormat? Negotiate(string? format, IList<string>? accept)
    {
        if (!string.IsNullOrWhiteSpace(format))
        {
            return format.Trim().ToLowerInvariant() switch
            {
                "json" => TextFormat.Json,
                "markdown" or "md" => TextFormat.Markdown,
                "plain" or "text" or "txt" => TextFormat.PlainText,
                "html" => TextFormat.Html,
                "docx" or "word" => TextFormat.Docx,
                "akn" or "akomantoso" => TextFormat.Akn,
                _ => null,
            };
        }

        if (accept is null || accept.Count == 0)
        {
            return TextFormat.Json;
        }

        // The common case, a single media type as clients send it, without parsing.
        if (accept.Count == 1)
        {
            switch (accept[0])
            {
                case Markdown: return TextFormat.Markdown;
                case PlainText: return TextFormat.PlainText;
                case Html: return TextFormat.Html;
                case Docx: return TextFormat.Docx;
                case Akn: return TextFormat.Akn;
                case Json or "*/*": return TextFormat.Json;
            }
        }

        if (!MediaTypeHeaderValue.TryParseList(accept, out var ranges) || ranges.Count == 0)
        {
            return TextFormat.Json;
        }

        // Highest quality first; on a tie, the more specific range first.
        foreach (var range in ranges
                     .Where(r => (r.Quality ?? 1) > 0)
                     .OrderByDescending(r => r.Quality ?? 1)
                     .ThenBy(r => r.MatchesAllTypes ? 2 : r.MatchesAllSubTypes ? 1 : 0))
        {
            if (range.MatchesAllTypes)
            {
                return TextFormat.Json;
            }

            var type = range.MediaType.Value?.ToLowerInvariant();
            switch (type)
            {
                case Markdown or "text/x-markdown":
                    return TextFormat.Markdown;
                case PlainText:
                    return TextFormat.PlainText;
                case Html or "application/xhtml+xml":
                    return TextFormat.Html;
                case Json or "application/*":
                    return TextFormat.Json;
                case Docx:
                    return TextFormat.Docx;
                case Akn:
                    return TextFormat.Akn;
                case "text/*":
                    return TextFormat.Markdown;
            }
        }

        return null;
    }

    public const string Supported = "application/json, text/markdown, text/plain, text/html, " + Docx + ", " + Akn;

    /// <summary>Whether a format is one of the three text formats written by the text renderers.</summary>
    public static bool IsText(TextFormat format) => format is TextFormat.Markdown or TextFormat.PlainText or TextFormat.Html;
}

/// <summary>
/// The media type a table-like resource answers in, from its <c>?format=</c> names or the <c>Accept</c> header: the first
/// choice (JSON) when the header is absent or accepts anything; a 406 naming the choices otherwise.
/// </summary>
public static class MediaChoice
{
    public static string Choose(HttpRequest request, string? format, string what, params (string Name, string MediaType)[] choices)
    {
        if (format is not null)
        {
            return choices.FirstOrDefault(c => string.Equals(c.Name, format, StringComparison.OrdinalIgnoreCase)).MediaType
                ?? throw new Errors.NotAcceptableException($"format is {Either(choices.Select(c => c.Name))}, not '{format}'.");
        }

        var accept = request.Headers.Accept.ToString();
        if (string.IsNullOrWhiteSpace(accept) || accept.Contains("*/*", StringComparison.Ordinal))
        {
            return choices[0].MediaType;
        }

        return choices.FirstOrDefault(c => accept.Contains(c.MediaType, StringComparison.OrdinalIgnoreCase)).MediaType
            ?? throw new Errors.NotAcceptableException($"{what} available as {Either(choices.Select(c => c.MediaType)).Replace(" or ", " and ", StringComparison.Ordinal)}.");
    }

    private static string Either(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count == 1 ? list[0] : string.Join(", ", list.Take(list.Count - 1)) + " or " + list[^1];
    }
}
