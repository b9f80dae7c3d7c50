using System.Text;
using Microsoft.Net.Http.Headers;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Features.Formats;
using OewgDrafting.Api.Infrastructure.Caching;
using OewgDrafting.Api.Infrastructure.Http;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Languages;

namespace OewgDrafting.Api.Features.Translations;

/// <summary>
/// Reading a language version: <c>?lang=fr</c>, or the best of <c>Accept-Language</c> among the original and its
/// versions. The same formats as the original; outdated and missing blocks are marked (JSON, HTML, and ‹outdated› /
/// ‹missing› in the text formats); <c>Content-Language</c> is set.
/// </summary>
public static class TranslatedText
{
    /// <summary>The language version to serve, or null for the original.</summary>
    public static async ValueTask<string?> ChooseAsync(HttpContext http, Guid documentId, string? lang, DocumentHead head, CancellationToken cancellationToken)
    {
        var acceptLanguage = http.Request.Headers.AcceptLanguage;
        if (lang is null && acceptLanguage.Count == 0)
        {
            return null;
        }

        var languages = http.RequestServices.GetRequiredService<DocumentLanguages>();
        var original = await languages.OriginalAsync(documentId, http.RequestServices, cancellationToken);
        var versions = await languages.VersionsAsync(head, http.RequestServices, cancellationToken);
        if (lang is not null)
        {
            var wanted = LanguageVersion.Normalise(lang);
            if (!LanguageTag.IsValid(wanted))
            {
                throw new DomainValidationException("lang", "lang is a BCP 47 tag such as 'ar', 'zh', 'en', 'fr', 'ru' or 'es'.");
            }

            if (Same(wanted, original))
            {
                return null;
            }

            return versions.FirstOrDefault(v => Same(v, wanted))
                   ?? throw new NotFoundException($"The {wanted} version (the original is in {original}"
                       + (versions.Length > 0 ? "; versions: " + string.Join(", ", versions) : "; no versions yet") + ") of document", documentId);
        }

        if (!StringWithQualityHeaderValue.TryParseList(acceptLanguage, out var ranges))
        {
            return null;
        }

        foreach (var range in ranges.Where(r => r.Quality is not 0).OrderByDescending(r => r.Quality ?? 1))
        {
            var tag = range.Value.Value;
            if (tag is null or "*")
            {
                return null;
            }

            if (Same(tag, original) || SamePrimary(tag, original))
            {
                return null;
            }

            var match = versions.FirstOrDefault(v => Same(v, tag)) ?? versions.FirstOrDefault(v => SamePrimary(v, tag));
            if (match is not null)
            {
                return match;
            }
        }

        return null;
    }

    public static async Task<IResult> ServeAsync(HttpContext http, Guid documentId, string language, TextView view, TextFormat format,
        DocumentHead head, CancellationToken cancellationToken)
    {
        if (view == TextView.Compilation)
        {
            throw new DomainValidationException("lang", "The compilation is the original's: amendments are proposed to the original text, in its language.");
        }

        var contentType = TextFormats.ContentType(format);
        var etag = $"\"{head.Version}-{language}-{format.ToString().ToLowerInvariant()}\"";
        http.Response.Headers.ETag = etag;
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers.ContentLanguage = language;
        if (CachedRead.IsNotModified(http.Request, etag))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        using var slot = await http.RequestServices.GetRequiredService<ReadSlots>().EnterAsync(http);
        var db = http.RequestServices.GetRequiredService<DraftingDbContext>();
        var view_ = await LanguageView.LoadAsync(db, documentId, language, cancellationToken);
        // The tag names the version the text was read at.
        http.Response.Headers.ETag = $"\"{view_.Document.Version}-{language}-{format.ToString().ToLowerInvariant()}\"";
        return TypedResults.Bytes(Render(view_, format), contentType);
    }

    internal static byte[] Render(LanguageView view, TextFormat format)
    {
        var text = view.ToText();
        switch (format)
        {
            case TextFormat.Docx:
                return WordCleanText.Write(text);
            case TextFormat.Akn:
                return AkomaNtoso.Write(view.Document, text);
            case TextFormat.Json:
                var (current, outdated, missing) = view.Counts();
                var states = view.Blocks.ToDictionary(b => b.Id, b => (view.StateOf(b),
                    view.Translations.TryGetValue(b.Id, out var t) ? t.TranslatesVersion : (int?)null));
                var buffer = new System.Buffers.ArrayBufferWriter<byte>(64 * 1024);
                DocumentTextJson.Write(buffer, view.Document, view.Blocks, text, new TranslationOverlay(states, current, outdated, missing));
                return buffer.WrittenSpan.ToArray();
            default:
                return Encoding.UTF8.GetBytes(GetDocumentText.WriteClean(new StringBuilder(), format, text).ToString());
        }
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static bool SamePrimary(string a, string b) => Same(a.Split('-')[0], b.Split('-')[0]);
}
