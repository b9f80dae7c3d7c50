namespace OewgDrafting.Domain.Text;

public enum BracketAction
{
    /// <summary>Keep one alternative, without the brackets.</summary>
    Keep,

    /// <summary>Keep the bracketed text without its brackets (a bracket with one alternative).</summary>
    Unbracket,

    /// <summary>Delete the bracketed text, brackets and all.</summary>
    Delete,
}

/// <summary>
/// The chair resolves a bracket: keeps one alternative, keeps the text without brackets, or deletes the
/// bracketed text. Nested brackets resolve from the inside out, so a bracket that still contains another
/// cannot be resolved yet.
/// </summary>
public static class BracketResolution
{
    public static string Resolve(string text, int bracketIndex, BracketAction action, int? alternative)
    {
        var parsed = BracketedText.Parse(text);
        if (bracketIndex < 0 || bracketIndex >= parsed.BracketCount)
        {
            throw new NotFoundException("Bracket", bracketIndex);
        }

        var bracket = parsed.Brackets[bracketIndex];
        if (bracket.Alternatives.Any(a => a.Segments.Any(s => s is BracketSegment)))
        {
            throw new ConflictException(
                $"Bracket {bracketIndex} contains other brackets: resolve those first (nested brackets resolve from the inside out).",
                ["nestedBrackets"]);
        }

        switch (action)
        {
            case BracketAction.Keep:
                var chosen = alternative ?? (bracket.Alternatives.Count == 1 ? 0 : throw new DomainValidationException("alternative",
                    $"Bracket {bracketIndex} has {bracket.Alternatives.Count} alternatives: say which to keep (0 to {bracket.Alternatives.Count - 1})."));
                if (chosen < 0 || chosen >= bracket.Alternatives.Count)
                {
                    throw new DomainValidationException("alternative", $"Bracket {bracketIndex} has alternatives 0 to {bracket.Alternatives.Count - 1}.");
                }

                return Splice(text, bracket, Inner(text, bracket.Alternatives[chosen]));
            case BracketAction.Unbracket:
                if (bracket.Alternatives.Count != 1)
                {
                    throw new DomainValidationException("action",
                        $"Bracket {bracketIndex} offers {bracket.Alternatives.Count} alternatives; keep one of them instead.");
                }

                return Splice(text, bracket, Inner(text, bracket.Alternatives[0]));
            case BracketAction.Delete:
                return Splice(text, bracket, string.Empty);
            default:
                throw new DomainValidationException("action", "The action is keep, unbracket or delete.");
        }
    }

    private static string Inner(string text, Alternative alternative) => text[alternative.Start..alternative.End];

    /// <summary>Replaces the bracket; when it disappears, the spaces around it fold so that no double space or space before punctuation is left.</summary>
    private static string Splice(string text, BracketSegment bracket, string replacement)
    {
        var left = text[..bracket.Start];
        var right = text[bracket.End..];
        if (replacement.Length == 0)
        {
            if (left.EndsWith(' ') && (right.Length == 0 || right[0] is ' ' or '.' or ',' or ';' or ':'))
            {
                left = left[..^1];
            }
            else if (left.Length == 0 && right.StartsWith(' '))
            {
                right = right[1..];
            }
        }

        return left + replacement + right;
    }
}
