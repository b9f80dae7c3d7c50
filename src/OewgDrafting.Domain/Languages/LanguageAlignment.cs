using System.Text.RegularExpressions;
using OewgDrafting.Domain.Documents;

namespace OewgDrafting.Domain.Languages;

/// <summary>The shape of a block for alignment: what it is and how it is numbered, not what it says.</summary>
public sealed record AlignedShape(BlockKind Kind, int? Level, string? Label);

/// <summary>A place where a language version's structure departs from the original's.</summary>
public sealed record Misalignment(int Position, string? OriginalLabel, string? VersionLabel, string Reason);

/// <summary>
/// Aligns a language version's blocks to the original's by structure: block by block in order, headings by their
/// order, level and (where they are numbers or letters) label, paragraphs by their number. Heading words
/// (<c>Anexo</c>, <c>Annex</c>) differ between languages and are not compared; numbers and letters are.
/// </summary>
public static partial class LanguageAlignment
{
    public const int MaxReported = 5;

    /// <summary>The first places that do not align (at most <see cref="MaxReported"/>); empty when every block aligns.</summary>
    public static IReadOnlyList<Misalignment> Check(IReadOnlyList<AlignedShape> original, IReadOnlyList<AlignedShape> version)
    {
        var problems = new List<Misalignment>();
        var count = Math.Min(original.Count, version.Count);
        for (var i = 0; i < count && problems.Count < MaxReported; i++)
        {
            var (o, v) = (original[i], version[i]);
            string? reason = null;
            if (o.Kind != v.Kind)
            {
                reason = $"the original has a {Word(o.Kind)} here, the version a {Word(v.Kind)}";
            }
            else if (o.Kind == BlockKind.Paragraph && !string.Equals(o.Label, v.Label, StringComparison.Ordinal))
            {
                reason = $"paragraph {Describe(v.Label)} of the version stands where the original has paragraph {Describe(o.Label)}";
            }
            else if (o.Kind == BlockKind.Heading && o.Level != v.Level)
            {
                reason = $"a heading of level {v.Level} stands where the original has one of level {o.Level}";
            }
            else if (o.Kind == BlockKind.Heading && IsNumbering(o.Label) && IsNumbering(v.Label)
                     && !string.Equals(o.Label, v.Label, StringComparison.OrdinalIgnoreCase))
            {
                reason = $"heading {v.Label} stands where the original has heading {o.Label}";
            }

            if (reason is not null)
            {
                problems.Add(new Misalignment(i + 1, o.Label, v.Label, reason));
            }
        }

        if (problems.Count < MaxReported && original.Count != version.Count)
        {
            var at = count;
            problems.Add(original.Count > version.Count
                ? new Misalignment(at + 1, original[at].Label, null, $"the version ends after {version.Count} blocks; the original has {original.Count}")
                : new Misalignment(at + 1, null, version[at].Label, $"the version has {version.Count} blocks; the original only {original.Count}"));
        }

        return problems;
    }

    private static string Word(BlockKind kind) => kind == BlockKind.Heading ? "heading" : "paragraph";

    private static string Describe(string? label) => label ?? "(unnumbered)";

    /// <summary>Roman numerals, letters and digits number headings the same way in every language; words do not.</summary>
    private static bool IsNumbering(string? label) => label is not null && Numbering().IsMatch(label);

    [GeneratedRegex(@"^([IVXLCDM]+|[A-Z]|\d+)\.?$")]
    private static partial Regex Numbering();
}
