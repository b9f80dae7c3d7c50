using OewgDrafting.Domain.Documents;

namespace OewgDrafting.Domain.Tests.Documents;

public class ParagraphLabelTests
{
    [Theory]
    [InlineData(2, "bis")]
    [InlineData(3, "ter")]
    [InlineData(4, "quater")]
    [InlineData(5, "quinquies")]
    [InlineData(6, "sexies")]
    [InlineData(10, "decies")]
    [InlineData(21, "vicies semel")]
    [InlineData(30, "tricies")]
    public void Insertions_take_the_latin_ordinals_of_the_UN_editorial_manual(int ordinal, string name)
    {
        Assert.Equal(name, ParagraphLabel.OrdinalName(ordinal));
        Assert.True(ParagraphLabel.TryParse($"5 {name}", out var label));
        Assert.Equal(new ParagraphLabel(5, ordinal), label);
    }

    [Fact]
    public void A_paragraph_inserted_between_5_and_6_is_5_bis_then_5_ter_then_5_quater()
    {
        var taken = new HashSet<string> { "5", "6" };
        var five = new ParagraphLabel(5, 1);

        var first = ParagraphLabel.NextAfter(five, anyNumberedAfter: true, taken);
        taken.Add(first.ToString());
        var second = ParagraphLabel.NextAfter(first, anyNumberedAfter: true, taken);
        taken.Add(second.ToString());
        var third = ParagraphLabel.NextAfter(five, anyNumberedAfter: true, taken);

        Assert.Equal(["5 bis", "5 ter", "5 quater"], new[] { first, second, third }.Select(l => l.ToString()));
    }

    [Fact]
    public void A_paragraph_added_at_the_end_takes_the_next_number()
    {
        Assert.Equal("19", ParagraphLabel.NextAfter(new ParagraphLabel(18, 1), anyNumberedAfter: false, new HashSet<string>()).ToString());
        Assert.Equal("1", ParagraphLabel.NextAfter(null, anyNumberedAfter: false, new HashSet<string>()).ToString());
        Assert.Equal("0 bis", ParagraphLabel.NextAfter(null, anyNumberedAfter: true, new HashSet<string> { "1" }).ToString());
    }

    [Theory]
    [InlineData("5")]
    [InlineData("5 bis")]
    [InlineData("12 vicies semel")]
    public void Labels_round_trip(string text)
    {
        Assert.True(ParagraphLabel.TryParse(text, out var label));
        Assert.Equal(text, label.ToString());
    }

    [Theory]
    [InlineData("5bis")]
    [InlineData("five")]
    [InlineData("5 foo")]
    [InlineData("I.")]
    [InlineData("")]
    public void Other_text_is_not_a_paragraph_label(string text)
    {
        Assert.False(ParagraphLabel.TryParse(text, out _));
    }
}
