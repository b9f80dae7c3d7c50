using System.Buffers;
using System.Text.Json;
using OewgDrafting.Api.Infrastructure.Http;
using OewgDrafting.Domain.Amendments;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Rendering;

namespace OewgDrafting.Api.Features.Documents;

/// <summary>
/// The compilation as structured JSON: each block's text in pieces (current text, and changes shown
/// inline), its notes (whole-paragraph changes, collisions, conflicts), proposed new paragraphs, and for
/// every amendment its full attribution.
/// </summary>
public static class CompilationJson
{
    public static void Write(IBufferWriter<byte> output, Document document, IReadOnlyDictionary<Guid, Block> blocks, CompilationDocument compilation)
    {
        using var writer = new Utf8JsonWriter(output, ApiJson.Writer);
        writer.WriteStartObject();
        writer.WriteString("id", document.Id);
        writer.WriteString("symbol", document.Symbol);
        writer.WriteString("title", document.Title);
        writer.WriteString("language", document.Language);
        writer.WriteString("view", "compilation");
        writer.WriteNumber("version", document.Version);
        writer.WriteStartArray("items");
        foreach (var item in compilation.Items)
        {
            writer.WriteStartObject();
            switch (item)
            {
                case CompilationBlock block:
                    var entity = blocks[block.Block.Id];
                    writer.WriteString("type", "block");
                    writer.WriteString("id", entity.Id);
                    writer.WriteString("kind", entity.Kind == BlockKind.Heading ? "heading" : "paragraph");
                    if (entity.Label is { } label) writer.WriteString("label", label); else writer.WriteNull("label");
                    writer.WriteNumber("version", entity.Version);
                    writer.WriteString("text", entity.Text);
                    writer.WriteNumber("openComments", compilation.OpenCommentsOn(entity.Id));
                    writer.WriteStartArray("pieces");
                    foreach (var piece in block.Pieces)
                    {
                        writer.WriteStartObject();
                        if (piece is TextPiece text)
                        {
                            writer.WriteString("type", "text");
                            writer.WriteString("text", text.Text);
                        }
                        else if (piece is ChangePiece change)
                        {
                            writer.WriteString("type", "change");
                            writer.WriteString("amendmentId", change.Pending.Id);
                            writer.WriteString("original", change.Original);
                            writer.WriteString("inline", Compilation.Inline(change));
                        }

                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                    writer.WriteStartArray("notes");
                    foreach (var note in block.Notes)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("amendmentId", note.Pending.Id);
                        writer.WriteString("kind", JsonNamingPolicy.CamelCase.ConvertName(note.Kind.ToString()));
                        if (note.Detail is { } detail) writer.WriteString("detail", detail);
                        writer.WriteString("text", Compilation.Describe(note));
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                    writer.WriteStartArray("amendments");
                    foreach (var pending in block.Pieces.OfType<ChangePiece>().Select(p => p.Pending).Concat(block.Notes.Select(n => n.Pending)))
                    {
                        WriteAmendment(writer, pending, compilation);
                    }

                    writer.WriteEndArray();
                    break;
                case ProposedParagraph proposed:
                    writer.WriteString("type", "proposedParagraph");
                    writer.WriteString("afterBlockId", proposed.AfterBlockId);
                    if (proposed.ProvisionalLabel is { } provisional) writer.WriteString("label", provisional); else writer.WriteNull("label");
                    writer.WriteString("text", proposed.Pending.Change.Text);
                    writer.WriteStartArray("amendments");
                    WriteAmendment(writer, proposed.Pending, compilation);
                    writer.WriteEndArray();
                    break;
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteAmendment(Utf8JsonWriter writer, PendingChange pending, CompilationDocument compilation)
    {
        var change = pending.Change;
        writer.WriteStartObject();
        writer.WriteString("id", pending.Id);
        writer.WriteNumber("number", pending.Number);
        writer.WriteString("kind", CompilationRenderer.Kind(change.Kind));
        if (change.Quote is { } quote) writer.WriteString("quote", quote);
        if (change.Placement is { } placement) writer.WriteString("placement", placement == Placement.Before ? "before" : "after");
        if (change.Text is { } text) writer.WriteString("text", text);
        writer.WriteString("proposer", pending.Proposer);
        Strings(writer, "cosponsors", pending.Cosponsors);
        Strings(writer, "supporters", pending.Stances.Support);
        Strings(writer, "opposers", pending.Stances.Oppose);
        Strings(writer, "reserving", pending.Stances.Reserve);
        writer.WriteString("attribution", Compilation.Attribution(pending, change.Kind == AmendmentKind.Delete));
        if (pending.AgreedLanguage is { } agreed) writer.WriteString("agreedLanguage", agreed);
        writer.WriteStartArray("collidesWith");
        if (compilation.Collisions.TryGetValue(pending.Id, out var hits))
        {
            foreach (var hit in hits)
            {
                writer.WriteStringValue(hit);
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void Strings(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
