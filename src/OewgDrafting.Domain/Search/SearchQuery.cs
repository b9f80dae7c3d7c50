namespace OewgDrafting.Domain.Search;

/// <summary>A search query that cannot be run; <see cref="DomainException.Message"/> says why, for the caller.</summary>
public sealed class SearchQueryException(string message) : DomainException(message);

/// <summary>
/// The query language of <c>GET /api/search</c>: words (all must occur, in any form of the word for the languages
/// that are stemmed), <c>"a phrase"</c> (these words in this order), <c>prefix*</c>, <c>OR</c>, <c>NOT</c> or a leading
/// <c>-</c>, an explicit <c>AND</c>, and parentheses. Words are compared as <see cref="SearchText"/> normalises them.
/// Parsed here, once, into a tree that each database's engine is given in its own syntax.
/// </summary>
public abstract record SearchQuery
{
    public const int MaxLength = 500;
    public const int MaxTerms = 32;

    private SearchQuery()
    {
    }

    /// <summary>One word; matches its normalised form or, in a stemmed language, any word with the same stem.</summary>
    /// <param name="Lower">As written, in lower case: stemming algorithms read its accents.</param>
    public sealed record Word(string Normalized, string Lower) : SearchQuery;

    /// <summary>Words starting with this normalised prefix.</summary>
    public sealed record Prefix(string Normalized) : SearchQuery;

    /// <summary>These normalised words, consecutively and in order, each as written (never stemmed).</summary>
    public sealed record Phrase(IReadOnlyList<string> Words) : SearchQuery;

    /// <summary>Every positive part matches and no negated part does.</summary>
    public sealed record All(IReadOnlyList<SearchQuery> Parts, IReadOnlyList<SearchQuery> Excluded) : SearchQuery;

    public sealed record Any(IReadOnlyList<SearchQuery> Parts) : SearchQuery;

    /// <summary>Every word, prefix and phrase of the query, for highlighting.</summary>
    public IEnumerable<SearchQuery> Terms() => this switch
    {
        All all => all.Parts.SelectMany(p => p.Terms()),
        Any any => any.Parts.SelectMany(p => p.Terms()),
        _ => [this],
    };

    public static SearchQuery Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new SearchQueryException("The query is empty: give words, a \"phrase in quotes\" or a prefix*.");
        }

        if (text.Length > MaxLength)
        {
            throw new SearchQueryException($"The query is {text.Length} characters long; at most {MaxLength} are searched.");
        }

        var parser = new Parser(Tokenize(text));
        var query = parser.ParseAny();
        if (!parser.AtEnd)
        {
            throw new SearchQueryException(parser.Peek.Kind == TokenKind.Close
                ? "The query closes a parenthesis that it did not open."
                : $"Unexpected '{parser.Peek.Text}' in the query.");
        }

        var terms = query.Terms().Count();
        if (terms > MaxTerms)
        {
            throw new SearchQueryException($"The query has {terms} terms; at most {MaxTerms} are searched.");
        }

        return query;
    }

    private enum TokenKind { Word, Prefix, Phrase, And, Or, Not, Open, Close }

    private sealed record Token(TokenKind Kind, string Text, IReadOnlyList<string> Words)
    {
        public string Lower { get; init; } = Text.ToLowerInvariant();
    }

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '"' or '“' or '”' or '«' or '»')
            {
                var close = text.IndexOfAny(['"', '“', '”', '«', '»'], i + 1);
                if (close < 0)
                {
                    throw new SearchQueryException("A phrase opened with a quotation mark is not closed.");
                }

                var words = SearchText.Words(text[(i + 1)..close]).Select(w => w.Normalized).ToList();
                if (words.Count == 0)
                {
                    throw new SearchQueryException("A phrase in quotation marks has no words.");
                }

                tokens.Add(new Token(TokenKind.Phrase, text[i..(close + 1)], words));
                i = close + 1;
            }
            else if (c == '(')
            {
                tokens.Add(new Token(TokenKind.Open, "(", []));
                i++;
            }
            else if (c == ')')
            {
                tokens.Add(new Token(TokenKind.Close, ")", []));
                i++;
            }
            else if (c == '-' && (i == 0 || char.IsWhiteSpace(text[i - 1]) || text[i - 1] == '('))
            {
                tokens.Add(new Token(TokenKind.Not, "-", []));
                i++;
            }
            else
            {
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('"' or '“' or '”' or '«' or '»' or '(' or ')'))
                {
                    i++;
                }

                var raw = text[start..i];
                switch (raw)
                {
                    case "AND":
                        tokens.Add(new Token(TokenKind.And, raw, []));
                        continue;
                    case "OR":
                        tokens.Add(new Token(TokenKind.Or, raw, []));
                        continue;
                    case "NOT":
                        tokens.Add(new Token(TokenKind.Not, raw, []));
                        continue;
                }

                var prefix = raw.EndsWith('*');
                var found = SearchText.Words(prefix ? raw[..^1] : raw);
                var words = found.Select(w => w.Normalized).ToList();
                if (words.Count == 0)
                {
                    if (raw.Contains('*'))
                    {
                        throw new SearchQueryException($"'{raw}': a prefix search needs at least one letter or digit before the *.");
                    }

                    continue; // punctuation alone, such as a dash between words
                }

                if (raw.IndexOf('*') is var star && star >= 0 && star < raw.Length - 1)
                {
                    throw new SearchQueryException($"'{raw}': * is allowed only at the end of a word, for a prefix search.");
                }

                // "75/240" or "A/77/275" are several words in a row: a phrase.
                tokens.Add(words.Count > 1
                    ? new Token(prefix ? TokenKind.Prefix : TokenKind.Phrase, raw, words)
                    : new Token(prefix ? TokenKind.Prefix : TokenKind.Word, raw, words) { Lower = raw.Substring(found[0].Start, found[0].Length).ToLowerInvariant() });
            }
        }

        return tokens;
    }

    private sealed class Parser(List<Token> tokens)
    {
        private int _next;

        public bool AtEnd => _next >= tokens.Count;

        public Token Peek => tokens[_next];

        public SearchQuery ParseAny()
        {
            var parts = new List<SearchQuery> { ParseAll() };
            while (!AtEnd && Peek.Kind == TokenKind.Or)
            {
                _next++;
                parts.Add(ParseAll());
            }

            return parts.Count == 1 ? parts[0] : new Any(parts);
        }

        private SearchQuery ParseAll()
        {
            var parts = new List<SearchQuery>();
            var excluded = new List<SearchQuery>();
            while (!AtEnd && Peek.Kind is not (TokenKind.Or or TokenKind.Close))
            {
                if (Peek.Kind == TokenKind.And)
                {
                    if (parts.Count + excluded.Count == 0)
                    {
                        throw new SearchQueryException("AND needs a term before it.");
                    }

                    _next++;
                    if (AtEnd || Peek.Kind is TokenKind.Or or TokenKind.Close or TokenKind.And)
                    {
                        throw new SearchQueryException("AND needs a term after it.");
                    }

                    continue;
                }

                if (Peek.Kind == TokenKind.Not)
                {
                    _next++;
                    if (AtEnd || Peek.Kind is TokenKind.Or or TokenKind.Close or TokenKind.And or TokenKind.Not)
                    {
                        throw new SearchQueryException("NOT needs a term after it.");
                    }

                    excluded.Add(ParsePrimary());
                    continue;
                }

                parts.Add(ParsePrimary());
            }

            if (parts.Count == 0)
            {
                throw new SearchQueryException(excluded.Count > 0
                    ? "A query cannot only exclude: name at least one word or phrase that must occur, then NOT what must not."
                    : AtEnd ? "OR needs a term on each side." : $"'{Peek.Text}' needs a term before it.");
            }

            return parts.Count == 1 && excluded.Count == 0 ? parts[0] : new All(parts, excluded);
        }

        private SearchQuery ParsePrimary()
        {
            var token = tokens[_next++];
            switch (token.Kind)
            {
                case TokenKind.Word:
                    return new Word(token.Words[0], token.Lower);
                case TokenKind.Prefix when token.Words.Count == 1:
                    return new Prefix(token.Words[0]);
                case TokenKind.Prefix:
                    throw new SearchQueryException($"'{token.Text}': a prefix search is one word followed by *.");
                case TokenKind.Phrase:
                    return new Phrase(token.Words);
                case TokenKind.Open:
                    if (AtEnd)
                    {
                        throw new SearchQueryException("A parenthesis is opened and not closed.");
                    }

                    var inner = ParseAny();
                    if (AtEnd || Peek.Kind != TokenKind.Close)
                    {
                        throw new SearchQueryException("A parenthesis is opened and not closed.");
                    }

                    _next++;
                    return inner;
                default:
                    throw new SearchQueryException($"'{token.Text}' needs a term before it.");
            }
        }
    }
}
