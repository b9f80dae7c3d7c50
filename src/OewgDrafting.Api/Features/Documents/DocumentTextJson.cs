using System.Buffers;
using System.Text.Json;
using OewgDrafting.Api.Infrastructure.Http;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Rendering;
using OewgDrafting.Domain.Text;

namespace OewgDrafting.Api.Features.Documents;

/// <summary>
/// Writes <see cref="DocumentTextResponse"/> straight to UTF-8 without building a DTO per segment: a
/// 1,000-paragraph text has tens of thousands of segments, and this is the hottest read of a live
/// negotiation. The shape is the documented one; the API tests read it back as that type.
/// </summary>
public static class DocumentTextJson
{
    private static readonly JsonWriterOptions Options = ApiJson.Writer;

    /// <summary>
    /// The clean text, or (with <paramref name="translation"/>) a language version of it: <paramref name="text"/> then
    /// holds the version's title, front matter and block texts, and each block says how it stands against the original.
    /// </summary>
    public static void Write(IBufferWriter<byte> output, Document document, IReadOnlyList<Block> blocks, TextDocument text,
        TranslationOverlay? translation = null)
    {
        using var writer = new Utf8JsonWriter(output, Options);
        writer.WriteStartObject();
        writer.WriteString("id", document.Id);
        writer.WriteString("symbol", document.Symbol);
        writer.WriteString("title", text.Title);
        writer.WriteString("language", text.Language);
        writer.WriteString("status", Name(document.Status));
        // The clean text is cached across changes that leave it as it was: its version is the one at which it last changed.
        writer.WriteNumber("version", translation is null ? document.TextVersion : document.Version);
        writer.WriteStartArray("frontMatter");
        foreach (var line in text.FrontMatter)
        {
            writer.WriteStartObject();
            writer.WriteString("key", line.Key);
            writer.WriteString("text", line.Text);
            writer.WriteNumber("group", line.Group);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("blocks");
        for (var i = 0; i < blocks.Count; i++)
        {
            var block = blocks[i];
            var shown = text.Blocks[i];
            writer.WriteStartObject();
            writer.WriteString("id", block.Id);
            writer.WriteString("kind", block.Kind == BlockKind.Heading ? "heading" : "paragraph");
            if (block.Level is { } level) writer.WriteNumber("level", level); else writer.WriteNull("level");
            if (shown.Label is { } label) writer.WriteString("label", label); else writer.WriteNull("label");
            writer.WriteString("status", Name(block.Status));
            writer.WriteNumber("version", block.Version);
            writer.WriteString("text", shown.Text);
            writer.WriteNumber("openBrackets", translation is null ? block.OpenBrackets : shown.Parsed.BracketCount);
            writer.WritePropertyName("segments");
            WriteSegments(writer, shown.Parsed.Segments);
            if (translation is not null)
            {
                var (state, translates) = translation.Blocks.TryGetValue(block.Id, out var t) ? t : (Domain.Languages.TranslationState.Missing, (int?)null);
                writer.WriteStartObject("translation");
                writer.WriteString("state", state.ToString().ToLowerInvariant());
                if (translates is { } v) writer.WriteNumber("translatesVersion", v); else writer.WriteNull("translatesVersion");
                writer.WriteNumber("originalVersion", block.Version);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (translation is not null)
        {
            writer.WriteStartObject("translation");
            writer.WriteString("originalLanguage", document.Language);
            writer.WriteNumber("current", translation.Current);
            writer.WriteNumber("outdated", translation.Outdated);
            writer.WriteNumber("missing", translation.Missing);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    public static void WriteSegments(Utf8JsonWriter writer, IReadOnlyList<Segment> segments)
    {
        writer.WriteStartArray();
        foreach (var segment in segments)
        {
            writer.WriteStartObject();
            switch (segment)
            {
                case TextSegment t:
                    writer.WriteString("type", "text");
                    writer.WriteString("text", t.Value);
                    break;
                case ReferenceSegment r:
                    writer.WriteString("type", "reference");
                    writer.WriteString("label", BracketedText.Unescape(r.Label));
                    writer.WriteString("target", r.Target);
                    break;
                case BracketSegment b:
                    writer.WriteString("type", "bracket");
                    writer.WriteNumber("index", b.Index);
                    writer.WriteStartArray("alternatives");
                    foreach (var alternative in b.Alternatives)
                    {
                        WriteSegments(writer, alternative.Segments);
                    }

                    writer.WriteEndArray();
                    break;
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static string Name(DocumentStatus status) => status switch
    {
        DocumentStatus.Draft => "draft",
        DocumentStatus.Negotiation => "negotiation",
        _ => "adopted",
    };

    private static string Name(BlockStatus status) => status switch
    {
        BlockStatus.Draft => "draft",
        BlockStatus.Open => "open",
        BlockStatus.AgreedAdRef => "agreedAdRef",
        _ => "adopted",
    };
}

/// <summary>What a language version adds to the JSON of its text: each block's state and the counts.</summary>
public sealed record TranslationOverlay(
    IReadOnlyDictionary<Guid, (Domain.Languages.TranslationState State, int? TranslatesVersion)> Blocks, int Current, int Outdated, int Missing);
