using Lucene.Net.Tartarus.Snowball;
using Lucene.Net.Tartarus.Snowball.Ext;
using OewgDrafting.Domain.Search;

namespace OewgDrafting.Api.Infrastructure.Search;

/// <summary>
/// Word stems for the languages searched by stem: Spanish, English, French and Russian, with the Snowball algorithms
/// that PostgreSQL's text search configurations of the same names use. A stem is indexed as <c>es_negoci</c>: the
/// language's code, then the stem without accents, so that one query can ask for a word's stem in every language.
/// </summary>
public static class Stemmers
{
    public static readonly IReadOnlyList<string> Languages = ["es", "en", "fr", "ru"];

    [ThreadStatic]
    private static Dictionary<string, SnowballProgram>? _programs;

    /// <summary>The language code a stem is indexed under, or null when the language is not stemmed (Arabic, Chinese…).</summary>
    public static string? CodeOf(string? language)
    {
        if (string.IsNullOrEmpty(language))
        {
            return null;
        }

        var dash = language.IndexOf('-');
        var code = (dash < 0 ? language : language[..dash]).ToLowerInvariant();
        return Languages.Contains(code) ? code : null;
    }

    /// <summary>The stem of a lower-case word (accents kept: the algorithms read them), without accents.</summary>
    public static string Stem(string code, string lowerWord)
    {
        _programs ??= [];
        if (!_programs.TryGetValue(code, out var program))
        {
            program = code switch
            {
                "es" => new SpanishStemmer(),
                "en" => new EnglishStemmer(),
                "fr" => new FrenchStemmer(),
                "ru" => new RussianStemmer(),
                _ => throw new ArgumentOutOfRangeException(nameof(code)),
            };
            _programs[code] = program;
        }

        program.SetCurrent(lowerWord);
        program.Stem();
        return SearchText.Normalize(program.Current);
    }

    /// <summary>A stemming function for a text in <paramref name="language"/>, from a word's normalised form and its lower-case original; null when not stemmed.</summary>
    public static Func<string, string>? For(string? language) => CodeOf(language) is { } code ? lower => Stem(code, lower) : null;

    /// <summary>What the index holds for a text's stems: <c>es_negoci es_consens …</c> (empty when its language is not stemmed).</summary>
    public static string Indexed(string? text, string? language) =>
        text is null || CodeOf(language) is null ? string.Empty : Indexed(text, SearchText.Words(text), language);

    /// <summary>The same, from the text's words already read (<see cref="SearchText.Words"/>).</summary>
    public static string Indexed(string text, IReadOnlyList<TextWord> words, string? language)
    {
        if (CodeOf(language) is not { } code)
        {
            return string.Empty;
        }

        var builder = new System.Text.StringBuilder(text.Length + text.Length / 2);
        foreach (var word in words)
        {
            if (SearchText.IsIdeographic(word.Normalized))
            {
                continue;
            }

            if (builder.Length > 0)
            {
                builder.Append(' ');
            }

            builder.Append(code).Append('_').Append(Stem(code, text.Substring(word.Start, word.Length).ToLowerInvariant()));
        }

        return builder.ToString();
    }

    /// <summary>A query word's stem in every stemmed language written in its script (Cyrillic: Russian; Latin: the others), as indexed.</summary>
    public static IEnumerable<string> QueryStems(string lowerWord)
    {
        if (SearchText.IsIdeographic(lowerWord))
        {
            return [];
        }

        var cyrillic = lowerWord.Any(c => c is >= '\u0400' and <= '\u04FF');
        return Languages.Where(code => cyrillic == (code == "ru")).Select(code => code + "_" + Stem(code, lowerWord)).Distinct();
    }
}
