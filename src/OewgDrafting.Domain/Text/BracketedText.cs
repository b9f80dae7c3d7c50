using System.Text;

namespace OewgDrafting.Domain.Text;

/// <summary>A paragraph's text parsed into segments.</summary>
public sealed record ParsedText(string Source, IReadOnlyList<Segment> Segments, int BracketCount)
{
    /// <summary>Every bracket, nested ones included, in order of their opening bracket.</summary>
    public IReadOnlyList<BracketSegment> Brackets => BracketedText.Flatten(Segments);
}

/// <summary>
/// The bracket notation of negotiated texts: <c>[...]</c> is unagreed text, brackets nest,
/// <c> / </c> separates alternatives at a bracket's own level, <c>\[ \] \/</c> escape and
/// <c>[label](target)</c> is a reference link, not a bracket.
/// </summary>
public static class BracketedText
{
    private const string Separator = " / ";

    private static readonly System.Buffers.SearchValues<char> Significant = System.Buffers.SearchValues.Create("[]\\/");

    /// <summary>
    /// Real negotiating texts nest two or three brackets deep; a limit keeps hostile input from
    /// exhausting the stack of every recursive renderer downstream.
    /// </summary>
    public const int MaxNestingDepth = 32;

    /// <summary>Parses <paramref name="source"/>; throws <see cref="BracketSyntaxException"/> when brackets do not balance.</summary>
    public static ParsedText Parse(string source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var result = ParseCore(source, out var error);
        return result ?? throw error!;
    }

    public static bool TryParse(string source, out ParsedText parsed, out BracketSyntaxException? error)
    {
        ArgumentNullException.ThrowIfNull(source);
        var result = ParseCore(source, out error);
        parsed = result ?? new ParsedText(source, source.Length == 0
            ? []
            : [new TextSegment { Start = 0, End = source.Length, Raw = source }], 0);
        return result is not null;
    }

    /// <summary>
    /// Parses leniently, as an importer of real texts must: when brackets do not balance the whole text
    /// becomes one text segment and the count of its unescaped opening brackets stands as open brackets.
    /// </summary>
    public static ParsedText ParseLenient(string source)
    {
        if (TryParse(source, out var parsed, out _))
        {
            return parsed;
        }

        return parsed with { BracketCount = Math.Max(1, CountRawOpeningBrackets(source)) };
    }

    /// <summary>The number of brackets (nested included) in <paramref name="source"/>, leniently.</summary>
    public static int CountBrackets(string source) => ParseLenient(source).BracketCount;

    public static string Render(ParsedText text) => Render(text.Segments);

    /// <summary>
    /// Text in the source convention with every reference <c>[label](target)</c> written as its label alone, as plain
    /// text shows it; escapes and everything else stay. Works on any stretch of source, balanced or not, such as a
    /// line of the compilation with its inline changes.
    /// </summary>
    public static string ReferencesAsLabels(string source)
    {
        if (!source.Contains("](", StringComparison.Ordinal))
        {
            return source;
        }

        var builder = new System.Text.StringBuilder(source.Length);
        var i = 0;
        while (i < source.Length)
        {
            var c = source[i];
            if (c == '\\' && i + 1 < source.Length && IsEscapable(source[i + 1]))
            {
                builder.Append(c).Append(source[i + 1]);
                i += 2;
            }
            else if (c == '[' && TryMatchReference(source, i, out var end, out var label, out _))
            {
                builder.Append(label);
                i = end;
            }
            else
            {
                builder.Append(c);
                i++;
            }
        }

        return builder.ToString();
    }

    public static string Render(IEnumerable<Segment> segments)
    {
        var builder = new StringBuilder();
        RenderInto(builder, segments);
        return builder.ToString();
    }

    public static string Unescape(string raw)
    {
        if (raw.IndexOf('\\', StringComparison.Ordinal) < 0)
        {
            return raw;
        }

        var builder = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '\\' && i + 1 < raw.Length && IsEscapable(raw[i + 1]))
            {
                builder.Append(raw[i + 1]);
                i++;
            }
            else
            {
                builder.Append(raw[i]);
            }
        }

        return builder.ToString();
    }

    /// <summary>Escapes characters that would otherwise be read as bracket syntax.</summary>
    public static string Escape(string plain)
    {
        var builder = new StringBuilder(plain.Length);
        foreach (var c in plain)
        {
            if (c is '[' or ']')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    internal static IReadOnlyList<BracketSegment> Flatten(IReadOnlyList<Segment> segments)
    {
        var all = new List<BracketSegment>();
        Collect(segments, all);
        all.Sort((a, b) => a.Index.CompareTo(b.Index));
        return all;

        static void Collect(IReadOnlyList<Segment> segments, List<BracketSegment> into)
        {
            foreach (var segment in segments)
            {
                if (segment is BracketSegment bracket)
                {
                    into.Add(bracket);
                    foreach (var alternative in bracket.Alternatives)
                    {
                        Collect(alternative.Segments, into);
                    }
                }
            }
        }
    }

    private static bool IsEscapable(char c) => c is '[' or ']' or '/';

    private static void RenderInto(StringBuilder builder, IEnumerable<Segment> segments)
    {
        foreach (var segment in segments)
        {
            switch (segment)
            {
                case TextSegment text:
                    builder.Append(text.Raw);
                    break;
                case ReferenceSegment reference:
                    builder.Append('[').Append(reference.Label).Append("](").Append(reference.Target).Append(')');
                    break;
                case BracketSegment bracket:
                    builder.Append('[');
                    for (var i = 0; i < bracket.Alternatives.Count; i++)
                    {
                        if (i > 0)
                        {
                            builder.Append(Separator);
                        }

                        RenderInto(builder, bracket.Alternatives[i].Segments);
                    }

                    builder.Append(']');
                    break;
            }
        }
    }

    private static int CountRawOpeningBrackets(string source)
    {
        var count = 0;
        for (var i = 0; i < source.Length; i++)
        {
            if (source[i] == '\\' && i + 1 < source.Length && IsEscapable(source[i + 1]))
            {
                i++;
            }
            else if (source[i] == '[' && !TryMatchReference(source, i, out _, out _, out _))
            {
                count++;
            }
        }

        return count;
    }

    // An explicit stack instead of recursion: hostile input such as 100,000 opening brackets must not
    // overflow the call stack.
    private sealed class Frame(int start, int index, int depth)
    {
        public int Start { get; } = start;
        public int Index { get; } = index;
        public int Depth { get; } = depth;
        public int AlternativeStart { get; set; } = start + 1;
        public List<Alternative> Alternatives { get; } = [];
        public List<Segment> Current { get; set; } = [];
    }

    private static ParsedText? ParseCore(string s, out BracketSyntaxException? error)
    {
        error = null;
        var root = new List<Segment>();
        var stack = new Stack<Frame>();
        var bracketCount = 0;
        var textStart = 0;
        var i = 0;

        List<Segment> Current() => stack.Count == 0 ? root : stack.Peek().Current;

        void FlushText(int end)
        {
            if (end > textStart)
            {
                Current().Add(new TextSegment { Start = textStart, End = end, Raw = s[textStart..end] });
            }
        }

        while (i < s.Length)
        {
            // Jump to the next character that can matter; most of a paragraph is plain prose.
            var next = s.AsSpan(i).IndexOfAny(Significant);
            if (next < 0)
            {
                break;
            }

            i += next;
            var c = s[i];
            if (c == '\\')
            {
                i += i + 1 < s.Length && IsEscapable(s[i + 1]) ? 2 : 1;
                continue;
            }

            if (c == '/')
            {
                // " / " separates alternatives, at a bracket's own level only; its leading space must not
                // already belong to the previous separator.
                if (stack.Count > 0 && i - 1 >= textStart && s[i - 1] == ' ' && i + 1 < s.Length && s[i + 1] == ' ')
                {
                    FlushText(i - 1);
                    var frame = stack.Peek();
                    frame.Alternatives.Add(new Alternative(frame.AlternativeStart, i - 1, frame.Current));
                    frame.Current = [];
                    i += 2;
                    frame.AlternativeStart = i;
                    textStart = i;
                    continue;
                }

                i++;
                continue;
            }

            if (c == '[')
            {
                if (TryMatchReference(s, i, out var end, out var label, out var target))
                {
                    FlushText(i);
                    Current().Add(new ReferenceSegment { Start = i, End = end, Label = label, Target = target });
                    i = end;
                    textStart = i;
                    continue;
                }

                if (stack.Count == MaxNestingDepth)
                {
                    error = new BracketSyntaxException(i,
                        $"The bracket '[' at position {i} nests deeper than {MaxNestingDepth} levels.");
                    return null;
                }

                FlushText(i);
                stack.Push(new Frame(i, bracketCount++, stack.Count));
                i++;
                textStart = i;
                continue;
            }

            // c == ']'
            if (stack.Count == 0)
            {
                error = new BracketSyntaxException(i, $"Unmatched closing bracket ']' at position {i}.");
                return null;
            }

            FlushText(i);
            var closed = stack.Pop();
            closed.Alternatives.Add(new Alternative(closed.AlternativeStart, i, closed.Current));
            Current().Add(new BracketSegment
            {
                Start = closed.Start,
                End = i + 1,
                Index = closed.Index,
                Depth = closed.Depth,
                Alternatives = closed.Alternatives,
            });
            i++;
            textStart = i;
        }

        if (stack.Count > 0)
        {
            var open = stack.Peek();
            error = new BracketSyntaxException(open.Start,
                $"The bracket '[' opened at position {open.Start} is never closed.");
            return null;
        }

        FlushText(s.Length);
        return new ParsedText(s, root, bracketCount);
    }

    /// <summary>Matches <c>[label](target)</c> at <paramref name="start"/>: a one-line label without brackets or alternatives, and a target without spaces.</summary>
    private static bool TryMatchReference(string s, int start, out int end, out string label, out string target)
    {
        end = 0;
        label = target = string.Empty;
        var j = start + 1;
        while (j < s.Length)
        {
            var c = s[j];
            if (c == '\\' && j + 1 < s.Length && IsEscapable(s[j + 1]))
            {
                j += 2;
                continue;
            }

            if (c is '[' or '\n' or '\r')
            {
                return false;
            }

            if (c == ']')
            {
                break;
            }

            j++;
        }

        if (j >= s.Length || j == start + 1 || j + 1 >= s.Length || s[j + 1] != '(')
        {
            return false;
        }

        var labelText = s[(start + 1)..j];
        if (labelText.Contains(Separator, StringComparison.Ordinal))
        {
            return false;
        }

        var k = j + 2;
        while (k < s.Length && s[k] != ')')
        {
            if (char.IsWhiteSpace(s[k]) || s[k] is '(' or '[' or ']')
            {
                return false;
            }

            k++;
        }

        if (k >= s.Length || k == j + 2)
        {
            return false;
        }

        label = labelText;
        target = s[(j + 2)..k];
        end = k + 1;
        return true;
    }
}
