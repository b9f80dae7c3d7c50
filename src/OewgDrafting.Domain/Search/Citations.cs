using System.Text.RegularExpressions;

namespace OewgDrafting.Domain.Search;

/// <summary>A document symbol cited in a text: <c>A/77/275</c>, <c>A/RES/75/240</c>, or a resolution's number <c>75/240</c>.</summary>
public sealed record Citation(int Start, int Length, string Text)
{
    /// <summary>A bare <c>session/number</c>, which names a General Assembly resolution.</summary>
    public bool IsResolutionNumber => !Text.Contains('/', StringComparison.Ordinal) || char.IsDigit(Text[0]);

    /// <summary>Whether a document with this symbol is the one cited: the same symbol, or for <c>75/240</c> the resolution <c>A/RES/75/240</c>.</summary>
    public bool Names(string symbol) => IsResolutionNumber
        ? symbol.EndsWith("/RES/" + Text, StringComparison.OrdinalIgnoreCase)
        : string.Equals(symbol, Text, StringComparison.OrdinalIgnoreCase);
}

public static partial class Citations
{
    public static IReadOnlyList<Citation> In(string text) =>
        Pattern().Matches(text).Select(m => m.Value.TrimEnd('.')).Zip(Pattern().Matches(text), (v, m) => new Citation(m.Index, v.Length, v)).ToList();

    // A UN symbol: an organ's letter, slash-separated parts with at least one number (A/77/275, A/AC.292/2025/L.1,
    // S/RES/2231 (2015) is cited as S/RES/2231); or session/number alone, as resolutions are cited in their texts.
    [GeneratedRegex(@"(?<![\p{L}\p{N}/.])(?:[A-Z]{1,2}(?:/[A-Z][A-Za-z0-9.\-]*)*(?:/[0-9][0-9A-Za-z.\-]*)+(?:/[A-Z0-9][A-Za-z0-9.\-]*)*|[0-9]{2,3}/[0-9]{1,4})(?![\p{L}\p{N}/])",
        RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
