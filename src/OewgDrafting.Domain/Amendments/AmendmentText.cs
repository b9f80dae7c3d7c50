using OewgDrafting.Domain.Text;

namespace OewgDrafting.Domain.Amendments;

public enum AmendmentKind
{
    Insert,
    Delete,
    Replace,
    AddParagraph,
    DeleteParagraph,
    ReplaceParagraph,
}

public enum Placement
{
    Before,
    After,
}

/// <summary>A span of a paragraph's text: the words an amendment targets.</summary>
public readonly record struct TextSpan(int Start, int Length)
{
    public int End => Start + Length;

    public bool Overlaps(TextSpan other) => Start < other.End && other.Start < End;
}

/// <summary>What an amendment asks to change, independent of who asked.</summary>
public sealed record TextChange(AmendmentKind Kind, string? Quote, Placement? Placement, string? Text, int? Occurrence)
{
    public bool IsWithinParagraph => Kind is AmendmentKind.Insert or AmendmentKind.Delete or AmendmentKind.Replace;

    /// <summary>The quote that anchors a change within a paragraph (for an insertion, the anchor).</summary>
    public string Anchor => Quote ?? string.Empty;
}

public enum AnchorProblem
{
    NotFound,
    Ambiguous,
    OccurrenceOutOfRange,
}

/// <summary>The quoted text cannot be placed: it is gone, or it is there more than once.</summary>
public sealed class AnchorException(AnchorProblem problem, int occurrences, string message) : DomainException(message)
{
    public AnchorProblem Problem { get; } = problem;
    public int Occurrences { get; } = occurrences;
}

/// <summary>
/// Amendment application as pure functions over text: locating a quote, applying a change to exactly its
/// span, or applying it as bracketed text (replace X by Y gives <c>[X / Y]</c>, insert Y gives <c>[Y]</c>,
/// delete X gives <c>[X]</c>). Nothing outside the targeted span ever changes.
/// </summary>
public static class AmendmentText
{
    /// <summary>Every start index of <paramref name="quote"/> in <paramref name="text"/>, overlapping ones included.</summary>
    public static IReadOnlyList<int> Occurrences(string text, string quote)
    {
        var found = new List<int>();
        if (quote.Length == 0)
        {
            return found;
        }

        var index = text.IndexOf(quote, StringComparison.Ordinal);
        while (index >= 0)
        {
            found.Add(index);
            index = index + 1 < text.Length ? text.IndexOf(quote, index + 1, StringComparison.Ordinal) : -1;
        }

        return found;
    }

    /// <summary>
    /// Where the change applies in <paramref name="text"/>, the text it was written against: the quote must
    /// be there, and when it is there more than once the occurrence (1-based) must say which.
    /// </summary>
    public static TextSpan Locate(string text, TextChange change)
    {
        var quote = change.Anchor;
        var found = Occurrences(text, quote);
        if (found.Count == 0)
        {
            throw new AnchorException(AnchorProblem.NotFound, 0, $"The quoted text \"{Shorten(quote)}\" is not in the paragraph.");
        }

        if (change.Occurrence is { } occurrence)
        {
            if (occurrence < 1 || occurrence > found.Count)
            {
                throw new AnchorException(AnchorProblem.OccurrenceOutOfRange, found.Count,
                    $"The quoted text \"{Shorten(quote)}\" occurs {found.Count} time(s); occurrence {occurrence} does not exist.");
            }

            return new TextSpan(found[occurrence - 1], quote.Length);
        }

        if (found.Count > 1)
        {
            throw new AnchorException(AnchorProblem.Ambiguous, found.Count,
                $"The quoted text \"{Shorten(quote)}\" occurs {found.Count} times; say which with occurrence (1 to {found.Count}).");
        }

        return new TextSpan(found[0], quote.Length);
    }

    /// <summary>
    /// Re-anchors a change written against an older version of the paragraph: the quote is looked up again
    /// in the current text. It re-anchors when it is found exactly once, or, for a quote that was already
    /// there several times, when it is still there as many times (so the occurrence names the same words).
    /// Anything else is a conflict: a change is never applied to the wrong words.
    /// </summary>
    public static TextSpan Reanchor(string currentText, TextChange change, int occurrencesAtBase)
    {
        var found = Occurrences(currentText, change.Anchor);
        if (found.Count == 0)
        {
            throw new AnchorException(AnchorProblem.NotFound, 0,
                $"The paragraph changed since the amendment was written and \"{Shorten(change.Anchor)}\" is no longer in it.");
        }

        if (change.Occurrence is null)
        {
            if (found.Count == 1)
            {
                return new TextSpan(found[0], change.Anchor.Length);
            }

            throw new AnchorException(AnchorProblem.Ambiguous, found.Count,
                $"The paragraph changed since the amendment was written and \"{Shorten(change.Anchor)}\" now occurs {found.Count} times.");
        }

        if (found.Count != occurrencesAtBase || change.Occurrence > found.Count)
        {
            throw new AnchorException(AnchorProblem.Ambiguous, found.Count,
                $"The paragraph changed since the amendment was written: \"{Shorten(change.Anchor)}\" occurred {occurrencesAtBase} times and now occurs {found.Count} times, so occurrence {change.Occurrence} may name other words.");
        }

        return new TextSpan(found[change.Occurrence.Value - 1], change.Anchor.Length);
    }

    /// <summary>Applies a change within a paragraph at <paramref name="span"/>; only that span changes.</summary>
    public static string Apply(string text, TextSpan span, TextChange change, bool bracketed)
    {
        var replacement = Replacement(text.Substring(span.Start, span.Length), change, bracketed);
        return change.Kind switch
        {
            AmendmentKind.Insert when change.Placement == Placement.Before => string.Concat(text.AsSpan(0, span.Start), replacement, text.AsSpan(span.Start)),
            AmendmentKind.Insert => string.Concat(text.AsSpan(0, span.End), replacement, text.AsSpan(span.End)),
            _ => string.Concat(text.AsSpan(0, span.Start), replacement, text.AsSpan(span.End)),
        };
    }

    /// <summary>What replaces the span (for an insertion, what goes in at its edge).</summary>
    public static string Replacement(string quoted, TextChange change, bool bracketed) => change.Kind switch
    {
        AmendmentKind.Insert => bracketed ? Bracket(change.Text!) : change.Text!,
        AmendmentKind.Delete => bracketed ? Bracket(quoted) : string.Empty,
        AmendmentKind.Replace => bracketed ? Bracket(quoted, change.Text!) : change.Text!,
        _ => throw new InvalidOperationException($"{change.Kind} does not apply within a paragraph."),
    };

    /// <summary>The paragraph's new text for a whole-paragraph change (null: the paragraph goes).</summary>
    public static string? ApplyToParagraph(string text, TextChange change, bool bracketed) => change.Kind switch
    {
        AmendmentKind.ReplaceParagraph => bracketed ? Bracket(text, change.Text!) : change.Text!,
        AmendmentKind.DeleteParagraph => bracketed ? Bracket(text) : null,
        AmendmentKind.AddParagraph => bracketed ? Bracket(change.Text!) : change.Text!,
        _ => throw new InvalidOperationException($"{change.Kind} applies within a paragraph."),
    };

    /// <summary>
    /// Brackets text, or offers alternatives. The white space at the edges of the words in the paragraph
    /// (the first alternative) stays outside the brackets, so that bracketing " and others" after "States"
    /// reads "States [and others]" and the surrounding text keeps its spacing.
    /// </summary>
    public static string Bracket(params string[] alternatives)
    {
        var edges = alternatives[0];
        var leading = edges.Length - edges.TrimStart().Length;
        if (leading == edges.Length && alternatives.Length == 1)
        {
            return edges;
        }

        var trailing = edges.Length - edges.TrimEnd().Length;
        var inner = alternatives.Select(a => a.Trim());
        return edges[..leading] + "[" + string.Join(" / ", inner) + "]" + edges[(edges.Length - trailing)..];
    }

    /// <summary>Whether the result is well-formed negotiated text (brackets balanced).</summary>
    public static void EnsureWellFormed(string result, string field)
    {
        if (!BracketedText.TryParse(result, out _, out var error))
        {
            throw new DomainValidationException(field,
                $"The change would leave the paragraph with unbalanced brackets ({error!.Message}) Quote whole brackets, or none.");
        }
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "…";
}
