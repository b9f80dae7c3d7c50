using System.Text.RegularExpressions;

namespace OewgDrafting.Domain.Tests;

/// <summary>The project's first fixture: the Spanish final report of the 2021-2025 OEWG on ICT security.</summary>
internal static partial class Seed
{
    public static string Text { get; } = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "seed.md"));

    /// <summary>
    /// The seed after exactly the normalisations the export is allowed: surrounding blank lines trimmed,
    /// runs of blank lines folded to one, and the page-broken paragraph 2 joined with one space.
    /// </summary>
    public static string Normalised
    {
        get
        {
            var text = Text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim('\n');
            text = BlankRuns().Replace(text, "\n\n");
            text = text.Replace("relativo\n\na sus", "relativo a sus", StringComparison.Ordinal);
            return text + "\n";
        }
    }

    [GeneratedRegex("\n{3,}")]
    private static partial Regex BlankRuns();
}
