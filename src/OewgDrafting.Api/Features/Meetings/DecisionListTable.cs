using System.Text;
using OewgDrafting.Domain.Meetings;

namespace OewgDrafting.Api.Features.Meetings;

/// <summary>The decision list as a secretariat prints it: Markdown and a Word table.</summary>
public static class DecisionListTable
{
    public static readonly IReadOnlyList<string> Header = ["Item", "Paragraph", "Amendment", "Proposers", "Proposed handling", "Proposer's answer"];

    public static IEnumerable<IReadOnlyList<string>> Rows(DecisionListResponse list) => list.Items.Select(item => (IReadOnlyList<string>)
    [
        item.SubAmendmentOf is { } parent ? $"{item.Item} (to {parent})" : item.Item.ToString(System.Globalization.CultureInfo.InvariantCulture),
        item.Label ?? "—",
        $"{string.Join(", ", item.Amendments.Select(a => $"A{a.Number}"))}: {item.Change}"
            + (item.CollidesWith.Count > 0
                ? $" (excludes {string.Join(", ", item.CollidesWith)}; {(item.Order == "chair" ? "in the chair's order" : "furthest from the text first")})"
                : string.Empty),
        string.Join("; ", item.Amendments.Select(a => a.Proposer + (a.Cosponsors.Count > 0 ? " + " + string.Join(", ", a.Cosponsors) : string.Empty)
            + (a.Oral ? " (oral)" : a.Late ? " (late)" : string.Empty))),
        item.Handling is { } h ? Handling(h) : "—",
        string.Join("; ", item.Amendments.Where(a => a.Handling?.Answer is not null)
            .Select(a => $"{a.Handling!.AnsweredBy}: {(a.Handling.Answer == HandlingAnswer.Accepted ? "accepts" : "contests")}"
                + (a.Handling.Statement is { } s ? $" ({s})" : string.Empty))) is { Length: > 0 } answers ? answers : "—",
    ]);

    private static string Handling(HandlingResponse h) => (h.Handling switch
    {
        Domain.Meetings.Handling.Merge => $"merge into “{h.Text}”",
        Domain.Meetings.Handling.Discuss => "to be discussed",
        _ => h.Handling.ToString().ToLowerInvariant(),
    }) + (h.Note is { } note ? $" — {note}" : string.Empty);

    public static string Markdown(DecisionListResponse list)
    {
        var builder = new StringBuilder().Append("# Decision list — ").Append(Escape(list.Symbol)).Append("\n\n");
        builder.Append("| ").AppendJoin(" | ", Header).Append(" |\n|").Append(string.Concat(Enumerable.Repeat("---|", Header.Count))).Append('\n');
        foreach (var row in Rows(list))
        {
            builder.Append("| ").AppendJoin(" | ", row.Select(Escape)).Append(" |\n");
        }

        return builder.ToString();
    }

    public static byte[] Word(DecisionListResponse list) => Formats.WordTable.Write($"{list.Symbol} — decision list", Header, Rows(list));

    // A cell's text never breaks the table or becomes markup.
    private static string Escape(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
