using System.Text;

namespace OewgDrafting.Api.Features.Provenance;

/// <summary>A revision's sources as the table secretariats publish: CSV (RFC 4180) and a Word table.</summary>
public static class SourcesTable
{
    public static IReadOnlyList<string> Header(RevisionSourcesResponse sources) =>
    [
        $"Paragraph in {sources.Name}",
        sources.PreviousName is null ? "Earlier paragraph" : $"Paragraphs in {sources.PreviousName}",
        "Amendments incorporated",
        "Change",
    ];

    public static IEnumerable<IReadOnlyList<string>> Rows(RevisionSourcesResponse sources) => sources.Rows.Select(row => (IReadOnlyList<string>)
    [
        row.Label ?? "—",
        row.PreviousLabels.Count == 0 ? "—" : string.Join(", ", row.PreviousLabels),
        string.Join("; ", row.Amendments.Select(Describe)),
        row.Change.ToString().ToLowerInvariant(),
    ]);

    /// <summary><c>A3 (ESP + FRA, DEU)</c>, and for a compromise <c>A7 (CHAIR; merging A3 ESP, A5 EU)</c>.</summary>
    public static string Describe(IncorporatedAmendment a)
    {
        var builder = new StringBuilder().Append('A').Append(a.Number).Append(" (").Append(a.Proposer);
        if (a.Cosponsors.Count > 0)
        {
            builder.Append(" + ").AppendJoin(", ", a.Cosponsors);
        }

        if (a.Merged.Count > 0)
        {
            builder.Append("; merging ").AppendJoin(", ", a.Merged.Select(m => $"A{m.Number} {m.Proposer}"));
        }

        return builder.Append(')').ToString();
    }

    public static byte[] Csv(RevisionSourcesResponse sources)
    {
        var builder = new StringBuilder();
        foreach (var line in Rows(sources).Prepend(Header(sources)))
        {
            builder.AppendJoin(',', line.Select(Cell)).Append("\r\n");
        }

        return Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(builder.ToString())).ToArray();
    }

    // Quoted when needed; a cell a spreadsheet would read as a formula is prefixed with an apostrophe.
    private static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    public static byte[] Word(RevisionSourcesResponse sources) =>
        Formats.WordTable.Write($"{sources.Symbol} — {sources.Name}: sources of its paragraphs", Header(sources), Rows(sources));
}
