namespace OewgDrafting.Domain.Search;

/// <summary>A stretch of a text with the places where the query matched, as offsets into <see cref="Text"/>.</summary>
public sealed record Snippet(string Text, IReadOnlyList<Highlight> Highlights)
{
    public const int Words = 36;

    /// <summary>
    /// The part of <paramref name="text"/> around its first match, about <see cref="Words"/> words long, with every
    /// matched word marked. <paramref name="stem"/> gives a lower-case word's stem in the text's language (null: not stemmed).
    /// </summary>
    public static Snippet Of(string text, SearchQuery query, Func<string, string>? stem)
    {
        var words = SearchText.Words(text);
        var marked = new bool[words.Count];
        var wantedStems = stem is null ? [] : query.Terms().OfType<SearchQuery.Word>()
            .Where(w => !SearchText.IsIdeographic(w.Normalized)).Select(w => stem(w.Lower)).Where(s => s.Length > 0).ToHashSet(StringComparer.Ordinal);
        // A stem is the start of its word (accents aside): only words that start like a wanted stem are stemmed.
        var starts = wantedStems.Select(s => s[..Math.Min(2, s.Length)]).ToHashSet(StringComparer.Ordinal);
        foreach (var term in query.Terms())
        {
            switch (term)
            {
                case SearchQuery.Word word:
                    for (var i = 0; i < words.Count; i++)
                    {
                        marked[i] |= words[i].Normalized == word.Normalized;
                    }

                    break;
                case SearchQuery.Prefix prefix:
                    for (var i = 0; i < words.Count; i++)
                    {
                        marked[i] |= words[i].Normalized.StartsWith(prefix.Normalized, StringComparison.Ordinal);
                    }

                    break;
                case SearchQuery.Phrase phrase:
                    for (var i = 0; i + phrase.Words.Count <= words.Count; i++)
                    {
                        var all = true;
                        for (var k = 0; k < phrase.Words.Count && all; k++)
                        {
                            all = words[i + k].Normalized == phrase.Words[k];
                        }

                        if (all)
                        {
                            for (var k = 0; k < phrase.Words.Count; k++)
                            {
                                marked[i + k] = true;
                            }
                        }
                    }

                    break;
            }
        }

        if (wantedStems.Count > 0)
        {
            for (var i = 0; i < words.Count; i++)
            {
                var normalized = words[i].Normalized;
                if (!marked[i] && normalized.Length >= 2 && starts.Contains(normalized[..2]) && !SearchText.IsIdeographic(normalized))
                {
                    marked[i] = wantedStems.Contains(stem!(text.Substring(words[i].Start, words[i].Length).ToLowerInvariant()));
                }
            }
        }

        var first = Array.IndexOf(marked, true);
        var from = words.Count <= Words || first < 0 ? 0 : Math.Clamp(first - Words / 3, 0, words.Count - Words);
        var to = Math.Min(words.Count, from + Words);
        var start = from == 0 ? 0 : words[from].Start;
        var end = to == words.Count ? text.Length : words[to - 1].Start + words[to - 1].Length;
        var prefixText = start > 0 ? "… " : string.Empty;
        var snippet = prefixText + text[start..end] + (end < text.Length ? " …" : string.Empty);
        var highlights = new List<Highlight>();
        for (var i = from; i < to; i++)
        {
            if (!marked[i])
            {
                continue;
            }

            var at = prefixText.Length + words[i].Start - start;
            // Consecutive marked words (a phrase) are one highlight.
            if (highlights.Count > 0 && i > from && marked[i - 1]
                && text.AsSpan(words[i - 1].Start + words[i - 1].Length, words[i].Start - words[i - 1].Start - words[i - 1].Length).IsWhiteSpace())
            {
                var last = highlights[^1];
                highlights[^1] = last with { Length = at + words[i].Length - last.Start };
            }
            else
            {
                highlights.Add(new Highlight(at, words[i].Length));
            }
        }

        return new Snippet(snippet, highlights);
    }
}

/// <summary>A matched stretch: <see cref="Start"/> and <see cref="Length"/> in UTF-16 code units of the snippet.</summary>
public sealed record Highlight(int Start, int Length);
