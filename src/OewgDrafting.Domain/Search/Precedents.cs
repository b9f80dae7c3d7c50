namespace OewgDrafting.Domain.Search;

/// <summary>A paragraph of an adopted or reference text that may hold a proposed text's words.</summary>
public sealed record PrecedentSource(Guid DocumentId, Guid BlockId, string Symbol, string? Label, DateOnly? AdoptedOn, string Text);

/// <summary>Words of the proposed text (<see cref="Start"/>, <see cref="Length"/> in its words) found word for word in a source.</summary>
public sealed record PrecedentPassage(PrecedentSource Source, int Start, int Length, string Text, double Coverage);

public enum DiffOp { Equal, Inserted, Deleted }

/// <summary>One run of a word diff: <see cref="DiffOp.Inserted"/> is in the proposed text only, <see cref="DiffOp.Deleted"/> in the source only.</summary>
public sealed record DiffPart(DiffOp Op, string Text);

/// <summary>A source whose wording is the proposed text's but for a few words.</summary>
public sealed record NearPrecedent(PrecedentSource Source, int WordsDifferent, IReadOnlyList<DiffPart> Diff);

public sealed record PrecedentFindings(int Words, IReadOnlyList<PrecedentPassage> Passages, IReadOnlyList<NearPrecedent> NearMatches)
{
    /// <summary>The proposed text is agreed language: one source holds all of it, word for word.</summary>
    public PrecedentPassage? Entire => Passages.FirstOrDefault(p => p.Length == Words && Words > 0);
}

/// <summary>
/// Agreed language: the longest passages of a text that occur word for word (as <see cref="SearchText"/> normalises
/// words) in adopted texts, and the sources it nearly repeats. Pure: the caller finds the candidate sources.
/// </summary>
public static class Precedents
{
    /// <summary>A passage shorter than this many words is a coincidence of wording, not a precedent (unless it is the whole text).</summary>
    public const int MinWords = 4;

    public const int MaxWords = 2_000;

    public static PrecedentFindings Find(string text, IEnumerable<PrecedentSource> sources)
    {
        var words = SearchText.Words(text);
        if (words.Count > MaxWords)
        {
            words = words.Take(MaxWords).ToList();
        }

        var input = words.Select(w => w.Normalized).ToArray();
        var n = input.Length;
        var matches = new List<(PrecedentSource Source, int Start, int Length)>();
        var near = new List<NearPrecedent>();
        foreach (var source in sources)
        {
            var sourceWords = SearchText.Words(source.Text);
            var other = sourceWords.Select(w => w.Normalized).ToArray();
            var longest = LongestRuns(input, other);
            matches.AddRange(longest.Where(r => r.Length >= Math.Min(MinWords, n)).Select(r => (source, r.Start, r.Length)));
            if (n > 0 && !longest.Any(r => r.Length == n) && Near(text, words, input, source, sourceWords, other) is { } close)
            {
                near.Add(close);
            }
        }

        // The longest passages first; each word of the text is credited to one source.
        var covered = new bool[n];
        var passages = new List<PrecedentPassage>();
        foreach (var match in matches.OrderByDescending(m => m.Length).ThenByDescending(m => m.Source.AdoptedOn).ThenBy(m => m.Source.Symbol, StringComparer.Ordinal))
        {
            if (Enumerable.Range(match.Start, match.Length).Any(i => covered[i]))
            {
                continue;
            }

            for (var i = match.Start; i < match.Start + match.Length; i++)
            {
                covered[i] = true;
            }

            var from = words[match.Start].Start;
            var last = words[match.Start + match.Length - 1];
            passages.Add(new PrecedentPassage(match.Source, match.Start, match.Length, text[from..(last.Start + last.Length)],
                Math.Round((double)match.Length / n, 4)));
        }

        return new PrecedentFindings(n, passages.OrderBy(p => p.Start).ToList(),
            near.OrderBy(c => c.WordsDifferent).ThenBy(c => c.Source.Symbol, StringComparer.Ordinal).Take(10).ToList());
    }

    /// <summary>Every maximal run of words the two share, at most one (the longest) per start in the input.</summary>
    private static List<(int Start, int Length)> LongestRuns(string[] a, string[] b)
    {
        var best = new int[a.Length];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = a[i - 1] == b[j - 1] ? previous[j - 1] + 1 : 0;
                var length = current[j];
                if (length > 0)
                {
                    var start = i - length;
                    if (length > best[start])
                    {
                        best[start] = length;
                    }
                }
            }

            (previous, current) = (current, previous);
            Array.Clear(current);
        }

        var runs = new List<(int, int)>();
        var reach = 0;
        for (var start = 0; start < a.Length; start++)
        {
            // A run inside a longer one found from an earlier start is not maximal.
            if (best[start] > 0 && start + best[start] > reach)
            {
                runs.Add((start, best[start]));
                reach = start + best[start];
            }
        }

        return runs;
    }

    /// <summary>
    /// The stretch of the source that lines up with the whole text (from the first to the last word they share, in
    /// order), when it differs from the text by no more than a few words.
    /// </summary>
    private static NearPrecedent? Near(string text, List<TextWord> words, string[] input, PrecedentSource source, List<TextWord> sourceWords, string[] other)
    {
        var pairs = CommonSubsequence(input, other);
        if (pairs.Count < Math.Max(MinWords, (input.Length + 1) / 2))
        {
            return null;
        }

        var from = pairs[0].J;
        var to = pairs[^1].J + 1;
        var window = other[from..to];
        var aligned = CommonSubsequence(input, window);
        var different = input.Length - aligned.Count + window.Length - aligned.Count;
        if (different == 0 || different > Math.Max(3, input.Length / 5))
        {
            return null;
        }

        var diff = new List<DiffPart>();
        void Add(DiffOp op, string part)
        {
            if (diff.Count > 0 && diff[^1].Op == op)
            {
                diff[^1] = diff[^1] with { Text = diff[^1].Text + " " + part };
            }
            else
            {
                diff.Add(new DiffPart(op, part));
            }
        }

        string InputWord(int i) => text.Substring(words[i].Start, words[i].Length);
        string SourceWord(int j) => source.Text.Substring(sourceWords[from + j].Start, sourceWords[from + j].Length);
        int x = 0, y = 0;
        foreach (var (i, j) in aligned)
        {
            for (; y < j; y++) Add(DiffOp.Deleted, SourceWord(y));
            for (; x < i; x++) Add(DiffOp.Inserted, InputWord(x));
            Add(DiffOp.Equal, InputWord(i));
            x = i + 1;
            y = j + 1;
        }

        for (; y < window.Length; y++) Add(DiffOp.Deleted, SourceWord(y));
        for (; x < input.Length; x++) Add(DiffOp.Inserted, InputWord(x));
        return new NearPrecedent(source, different, diff);
    }

    /// <summary>A longest common subsequence of words, as index pairs in order.</summary>
    private static List<(int I, int J)> CommonSubsequence(string[] a, string[] b)
    {
        var table = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                table[i, j] = a[i] == b[j] ? table[i + 1, j + 1] + 1 : Math.Max(table[i + 1, j], table[i, j + 1]);
            }
        }

        var pairs = new List<(int, int)>();
        for (int i = 0, j = 0; i < a.Length && j < b.Length;)
        {
            if (a[i] == b[j])
            {
                pairs.Add((i, j));
                i++;
                j++;
            }
            else if (table[i + 1, j] >= table[i, j + 1])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return pairs;
    }
}
