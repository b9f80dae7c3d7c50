using OewgDrafting.Domain.Search;

namespace OewgDrafting.Domain.Tests.Search;

/// <summary>Agreed language: passages found word for word in adopted texts, near matches with their diff, snippets and citations.</summary>
public class PrecedentsTests
{
    private static readonly PrecedentSource Resolution = new(Guid.NewGuid(), Guid.NewGuid(), "A/RES/75/240", "3", new DateOnly(2020, 12, 31),
        "Decide que el grupo de trabajo examinará las medidas de fomento de la confianza y la creación de capacidad, por consenso.");

    private static readonly PrecedentSource Report = new(Guid.NewGuid(), Guid.NewGuid(), "A/77/275", "12", new DateOnly(2022, 7, 28),
        "Los Estados subrayaron la importancia de un diálogo institucional periódico con amplia participación de los Estados.");

    [Fact]
    public void A_text_held_whole_by_an_adopted_paragraph_is_agreed_language()
    {
        var findings = Precedents.Find("las medidas de fomento de la confianza y la creación de capacidad", [Report, Resolution]);

        var entire = Assert.IsType<PrecedentPassage>(findings.Entire);
        Assert.Equal("A/RES/75/240", entire.Source.Symbol);
        Assert.Equal(1.0, entire.Coverage);
    }

    [Fact]
    public void Accents_case_and_punctuation_do_not_hide_agreed_language()
    {
        Assert.NotNull(Precedents.Find("Las MEDIDAS de fomento de la confianza, y la creacion de capacidad", [Resolution]).Entire);
    }

    [Fact]
    public void The_longest_passages_are_credited_to_their_sources_in_order()
    {
        var text = "Recordando las medidas de fomento de la confianza, los Estados piden un diálogo institucional periódico con amplia participación.";
        var findings = Precedents.Find(text, [Resolution, Report]);

        Assert.Null(findings.Entire);
        Assert.Collection(findings.Passages,
            p => { Assert.Equal("A/RES/75/240", p.Source.Symbol); Assert.Equal("las medidas de fomento de la confianza", p.Text); },
            p => { Assert.Equal("A/77/275", p.Source.Symbol); Assert.Equal("un diálogo institucional periódico con amplia participación", p.Text); });
    }

    [Fact]
    public void A_coincidence_of_three_words_is_not_a_precedent()
    {
        Assert.Empty(Precedents.Find("de la confianza mutua entre vecinos", [Resolution]).Passages);
    }

    [Fact]
    public void A_near_match_comes_with_its_word_diff()
    {
        var findings = Precedents.Find("examinará las medidas de fomento de la seguridad y la creación de capacidad", [Resolution]);

        var near = Assert.Single(findings.NearMatches);
        Assert.Equal(2, near.WordsDifferent);
        Assert.Contains(new DiffPart(DiffOp.Inserted, "seguridad"), near.Diff);
        Assert.Contains(new DiffPart(DiffOp.Deleted, "confianza"), near.Diff);
    }

    [Fact]
    public void A_snippet_marks_every_form_of_a_word_and_whole_phrases()
    {
        var text = "Las negociaciones continuaron. La negociación sobre las medidas de fomento de la confianza concluyó.";
        var snippet = Snippet.Of(text, SearchQuery.Parse("negociación \"medidas de fomento\""), lower => lower.Length > 6 ? lower[..6] : lower);

        Assert.Equal(["negociaciones", "negociación", "medidas de fomento"], snippet.Highlights.Select(h => snippet.Text.Substring(h.Start, h.Length)));
    }

    [Fact]
    public void Citations_name_resolutions_and_documents()
    {
        var citations = Citations.In("En su resolución 75/240, y en los documentos A/77/275 y A/AC.292/2025/L.1.");

        Assert.Equal(["75/240", "A/77/275", "A/AC.292/2025/L.1"], citations.Select(c => c.Text));
        Assert.True(citations[0].Names("A/RES/75/240"));
        Assert.True(citations[1].Names("a/77/275"));
        Assert.False(citations[1].Names("A/77/2750"));
    }
}
