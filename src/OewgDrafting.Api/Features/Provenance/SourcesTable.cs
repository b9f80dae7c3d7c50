using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

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

    public static byte[] Word(RevisionSourcesResponse sources)
    {
        using var stream = new MemoryStream();
        using (var package = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = package.AddMainDocumentPart();
            var table = new Table(new TableProperties(
                new TableBorders(
                    new TopBorder { Val = BorderValues.Single, Size = 4 }, new BottomBorder { Val = BorderValues.Single, Size = 4 },
                    new LeftBorder { Val = BorderValues.Single, Size = 4 }, new RightBorder { Val = BorderValues.Single, Size = 4 },
                    new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 }, new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 }),
                new TableWidth { Type = TableWidthUnitValues.Pct, Width = "5000" }));
            table.Append(RowOf(Header(sources), header: true));
            foreach (var row in Rows(sources))
            {
                table.Append(RowOf(row, header: false));
            }

            main.Document = new Document(new Body(
                new Paragraph(new Run(new Text($"{sources.Symbol} — {sources.Name}: sources of its paragraphs")) { RunProperties = new RunProperties(new Bold()) }),
                table,
                new Paragraph()));
        }

        return stream.ToArray();
    }

    private static TableRow RowOf(IReadOnlyList<string> cells, bool header)
    {
        var row = new TableRow();
        if (header)
        {
            row.Append(new TableRowProperties(new TableHeader()));
        }

        foreach (var cell in cells)
        {
            var run = new Run(new Text(cell) { Space = SpaceProcessingModeValues.Preserve });
            if (header)
            {
                run.RunProperties = new RunProperties(new Bold());
            }

            row.Append(new TableCell(new Paragraph(run)));
        }

        return row;
    }
}
