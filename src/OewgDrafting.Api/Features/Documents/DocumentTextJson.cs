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

    public static void Write(IBufferWriter<byte> output, Document document, IReadOnlyList<Block> blocks, TextDocument text)
    {
        using var writer = new Utf8JsonWriter(output, Options);
        writer.WriteStartObject();
        writer.WriteString("id", document.Id);
        writer.WriteString("symbol", document.Symbol);
        writer.WriteString("title", document.Title);
        writer.WriteString("language", document.Language);
        writer.WriteString("status", Name(document.Status));
        // The clean text is cached across changes that leave it as it was: its version is the one at which it last changed.
        writer.WriteNumber("version", document.TextVersion);
        writer.WriteStartArray("frontMatter");
        foreach (var line in document.FrontMatter)
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
            writer.WriteStartObject();
            writer.WriteString("id", block.Id);
            writer.WriteString("kind", block.Kind == BlockKind.Heading ? "heading" : "paragraph");
            if (block.Level is { } level) writer.WriteNumber("level", level); else writer.WriteNull("level");
            if (block.Label is { } label) writer.WriteString("label", label); else writer.WriteNull("label");
            writer.WriteString("status", Name(block.Status));
            writer.WriteNumber("version", block.Version);
            writer.WriteString("text", block.Text);
            writer.WriteNumber("openBrackets", block.OpenBrackets);
            writer.WritePropertyName("segments");
            WriteSegments(writer, text.Blocks[i].Parsed.Segments);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
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
