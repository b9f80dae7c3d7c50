using System.Globalization;
using System.Text.RegularExpressions;

namespace OewgDrafting.Domain.Documents;

/// <summary>
/// A paragraph number as people see it: <c>5</c>, and for paragraphs inserted during negotiation
/// <c>5 bis</c>, <c>5 ter</c>, <c>5 quater</c>… (the Latin multiplicative adverbs the UN editorial
/// manual uses). Clean renumbering happens only when the chair issues a revision and asks for it.
/// </summary>
public sealed partial record ParagraphLabel(int Number, int Ordinal)
{
    private static readonly string[] Units =
    [
        "", "semel", "bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies",
    ];

    private static readonly string[] Teens =
    [
        "decies", "undecies", "duodecies", "terdecies", "quaterdecies", "quindecies", "sexdecies",
        "septdecies", "octodecies", "novodecies",
    ];

    private static readonly string[] Tens =
    [
        "", "", "vicies", "tricies", "quadragies", "quinquagies", "sexagies", "septuagies", "octogies", "nonagies",
    ];

    private static readonly Dictionary<string, int> OrdinalsByName = BuildOrdinals();

    /// <summary>The largest ordinal with a Latin name (99: <c>nonagies novies</c>).</summary>
    public const int MaxOrdinal = 99;

    public static ParagraphLabel First { get; } = new(1, 1);

    public override string ToString() =>
        Ordinal == 1 ? Number.ToString(CultureInfo.InvariantCulture) : $"{Number} {OrdinalName(Ordinal)}";

    public ParagraphLabel NextNumber() => new(Number + 1, 1);

    public static string OrdinalName(int ordinal)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ordinal, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ordinal, MaxOrdinal);
        if (ordinal < 10)
        {
            return Units[ordinal];
        }

        if (ordinal < 20)
        {
            return Teens[ordinal - 10];
        }

        var unit = ordinal % 10;
        return unit == 0 ? Tens[ordinal / 10] : $"{Tens[ordinal / 10]} {Units[unit]}";
    }

    public static bool TryParse(string? text, out ParagraphLabel label)
    {
        label = First;
        if (text is null)
        {
            return false;
        }

        var match = LabelPattern().Match(text);
        if (!match.Success || !int.TryParse(match.Groups["n"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        var ordinal = 1;
        if (match.Groups["suffix"].Success && !OrdinalsByName.TryGetValue(match.Groups["suffix"].Value, out ordinal))
        {
            return false;
        }

        label = new ParagraphLabel(number, ordinal);
        return true;
    }

    /// <summary>
    /// The label for a paragraph inserted after <paramref name="previous"/> (null: before every numbered
    /// paragraph). At the end of the document it takes the next number; between two numbered paragraphs it
    /// takes the next free <c>bis</c>/<c>ter</c>… of the paragraph it follows.
    /// </summary>
    public static ParagraphLabel NextAfter(ParagraphLabel? previous, bool anyNumberedAfter, IReadOnlySet<string> taken)
    {
        if (!anyNumberedAfter)
        {
            var candidate = previous is null ? First : previous.NextNumber();
            while (taken.Contains(candidate.ToString()))
            {
                candidate = candidate.NextNumber();
            }

            return candidate;
        }

        var number = previous?.Number ?? 0;
        var ordinal = Math.Max(previous?.Ordinal ?? 1, 1) + 1;
        while (ordinal <= MaxOrdinal && taken.Contains(new ParagraphLabel(number, ordinal).ToString()))
        {
            ordinal++;
        }

        if (ordinal > MaxOrdinal)
        {
            throw new ConflictException(
                $"No free insertion label remains after paragraph {previous}: renumber the paragraphs when issuing the next revision.");
        }

        return new ParagraphLabel(number, ordinal);
    }

    /// <summary>Clean renumbering at a revision: the numbered paragraphs, in document order, become 1, 2, 3…</summary>
    public static IReadOnlyDictionary<Guid, string> Renumber(IEnumerable<(Guid Id, string? Label)> numberedInOrder)
    {
        var labels = new Dictionary<Guid, string>();
        var next = 1;
        foreach (var (id, label) in numberedInOrder)
        {
            if (label is not null)
            {
                labels[id] = (next++).ToString(CultureInfo.InvariantCulture);
            }
        }

        return labels;
    }

    private static Dictionary<string, int> BuildOrdinals()
    {
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 2; i <= MaxOrdinal; i++)
        {
            names[OrdinalName(i)] = i;
        }

        return names;
    }

    [GeneratedRegex(@"^(?<n>\d{1,6})(?: (?<suffix>[a-z]+(?: [a-z]+)?))?$", RegexOptions.CultureInvariant)]
    private static partial Regex LabelPattern();
}
