using System.Text.Json;

namespace OewgDrafting.Api.Features.Events;

/// <summary>
/// A comment meant for the chair's office only is in the log like every change, but only the chair and its author's
/// delegation read it there: anyone else sees that the event happened (its sequence, type and time) and nothing more.
/// </summary>
public static class CommentPrivacy
{
    private static readonly JsonElement Hidden = JsonDocument.Parse("""{"visibility":"chair","hidden":true}""").RootElement.Clone();

    /// <summary>Whether an event of this type may be hidden from some readers (its data must then be read to tell).</summary>
    public static bool MayHide(string type) => type.StartsWith("comment", StringComparison.Ordinal);

    public static EventResponse AsSeenBy(string reader, EventResponse e)
    {
        if (!e.Type.StartsWith("comment", StringComparison.Ordinal) || e.Data.ValueKind != JsonValueKind.Object
            || !(Field(e.Data, "visibility") ?? Field(e.Data.TryGetProperty("after", out var after) ? after : default, "visibility"))
                ?.Equals("chair", StringComparison.Ordinal) == true)
        {
            return e;
        }

        if (string.Equals(reader, Domain.Delegations.Delegation.ChairCode, StringComparison.OrdinalIgnoreCase)
            || string.Equals(reader, Field(e.Data, "author"), StringComparison.OrdinalIgnoreCase)
            || string.Equals(reader, Field(e.Data, "threadAuthor"), StringComparison.OrdinalIgnoreCase))
        {
            return e;
        }

        return e with { Actor = "hidden", Touches = [], Data = Hidden };
    }

    private static string? Field(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
