using OewgDrafting.Domain.Search;

namespace OewgDrafting.Domain.Tests.Search;

/// <summary>The search query language: words, phrases, prefixes, AND/OR/NOT, parentheses; and the queries that cannot run.</summary>
public class SearchQueryTests
{
    [Fact]
    public void Words_are_compared_without_case_or_accents()
    {
        Assert.Equal(["tecnologias", "de", "la", "informacion"], SearchText.Words("Tecnologías de la INFORMACIÓN").Select(w => w.Normalized));
        Assert.Equal("l assemblee generale 75 240", SearchText.Indexed("l’Assemblée générale, 75/240."));
    }

    [Fact]
    public void Chinese_is_searched_by_characters()
    {
        Assert.Equal(["信", "息", "安", "全", "ict"], SearchText.Words("信息安全 (ICT)").Select(w => w.Normalized));
    }

    [Fact]
    public void Words_next_to_each_other_must_all_occur()
    {
        var query = Assert.IsType<SearchQuery.All>(SearchQuery.Parse("Negociación consenso"));
        Assert.Equal([new SearchQuery.Word("negociacion", "negociación"), new SearchQuery.Word("consenso", "consenso")], query.Parts);
    }

    [Fact]
    public void A_quoted_phrase_keeps_its_words_in_order()
    {
        var phrase = Assert.IsType<SearchQuery.Phrase>(SearchQuery.Parse("\"medidas de fomento de la confianza\""));
        Assert.Equal(["medidas", "de", "fomento", "de", "la", "confianza"], phrase.Words);
    }

    [Fact]
    public void A_symbol_is_a_phrase_of_its_parts()
    {
        Assert.Equal(new SearchQuery.Phrase(["a", "77", "275"]), SearchQuery.Parse("A/77/275"), new PhraseComparer());
    }

    [Fact]
    public void Prefix_or_and_not_combine()
    {
        var query = Assert.IsType<SearchQuery.Any>(SearchQuery.Parse("tecno* OR (seguridad -datos)"));
        Assert.Equal(new SearchQuery.Prefix("tecno"), query.Parts[0]);
        var all = Assert.IsType<SearchQuery.All>(query.Parts[1]);
        Assert.Equal(new SearchQuery.Word("seguridad", "seguridad"), all.Parts.Single());
        Assert.Equal(new SearchQuery.Word("datos", "datos"), all.Excluded.Single());
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("\"medidas de", "not closed")]
    [InlineData("(seguridad OR datos", "not closed")]
    [InlineData("seguridad)", "did not open")]
    [InlineData("NOT datos", "only exclude")]
    [InlineData("seguridad OR", "OR needs a term")]
    [InlineData("AND seguridad", "AND needs a term before")]
    [InlineData("se*guridad", "only at the end")]
    [InlineData("*", "at least one letter")]
    public void A_broken_query_is_refused_with_a_reason(string text, string reason)
    {
        var error = Assert.Throws<SearchQueryException>(() => SearchQuery.Parse(text));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_overlong_query_is_refused()
    {
        Assert.Throws<SearchQueryException>(() => SearchQuery.Parse(new string('a', SearchQuery.MaxLength + 1)));
        Assert.Throws<SearchQueryException>(() => SearchQuery.Parse(string.Join(' ', Enumerable.Range(0, SearchQuery.MaxTerms + 1).Select(i => "w" + i))));
    }

    private sealed class PhraseComparer : IEqualityComparer<SearchQuery>
    {
        public bool Equals(SearchQuery? x, SearchQuery? y) => x is SearchQuery.Phrase a && y is SearchQuery.Phrase b && a.Words.SequenceEqual(b.Words);

        public int GetHashCode(SearchQuery obj) => 0;
    }
}
