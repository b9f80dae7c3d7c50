using System.Text.Json;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Domain.Events;

namespace OewgDrafting.Api.Features.Provenance;

/// <summary>
/// The events that change a paragraph's text, and the paragraph as each left it: their data's <c>after</c> is a
/// <see cref="BlockSnapshot"/> (a comment's or a translation's events have an <c>after</c> of their own, which is not).
/// </summary>
internal static class ParagraphChanges
{
    public static readonly HashSet<string> Types =
        [EventType.BlockAdded.Name, EventType.BlockEdited.Name, EventType.BracketResolved.Name, EventType.AmendmentAccepted.Name, EventType.AmendmentBracketed.Name];

    public static BlockSnapshot? After(DocumentEvent e)
    {
        if (!Types.Contains(e.Type))
        {
            return null;
        }

        using var data = JsonDocument.Parse(e.Data);
        return After(e.Type, data.RootElement);
    }

    /// <summary>The same, from data already parsed.</summary>
    public static BlockSnapshot? After(string type, JsonElement data) =>
        Types.Contains(type) && data.ValueKind == JsonValueKind.Object && data.TryGetProperty("after", out var after) && after.ValueKind == JsonValueKind.Object
            ? after.Deserialize<BlockSnapshot>(EventData.Json)
            : null;
}
