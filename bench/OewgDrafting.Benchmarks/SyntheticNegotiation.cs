using OewgDrafting.Domain.Amendments;
using OewgDrafting.Domain.Rendering;

namespace OewgDrafting.Benchmarks;

/// <summary>A negotiation at General Assembly scale: every paragraph carries amendments from many of 193 delegations.</summary>
public static class SyntheticNegotiation
{
    public static IReadOnlyList<string> Delegations { get; } =
        Enumerable.Range(0, 193).Select(i => $"D{i:D3}").ToList();

    public static List<PendingChange> Amendments(TextDocument document, int count, int seed = 7)
    {
        var random = new Random(seed);
        var paragraphs = document.Blocks.Where(b => b.Kind == Domain.Documents.BlockKind.Paragraph).ToList();
        var result = new List<PendingChange>(count);
        for (var i = 0; i < count; i++)
        {
            var block = paragraphs[i % paragraphs.Count];
            var words = block.Text.Split(' ');
            var word = words[random.Next(words.Length)].Trim('[', ']', '.', '(', ')', '#');
            if (word.Length == 0 || word.Contains('/', StringComparison.Ordinal))
            {
                word = "States";
            }

            var occurrences = AmendmentText.Occurrences(block.Text, word);
            if (occurrences.Count == 0)
            {
                word = block.Text[..Math.Min(5, block.Text.Length)];
                occurrences = AmendmentText.Occurrences(block.Text, word);
            }

            var occurrence = random.Next(occurrences.Count) + 1;
            var change = (i % 10) switch
            {
                0 => new TextChange(AmendmentKind.AddParagraph, null, null, "A new paragraph proposed by a delegation.", null),
                1 => new TextChange(AmendmentKind.ReplaceParagraph, null, null, "A whole new wording of the paragraph.", null),
                2 or 3 => new TextChange(AmendmentKind.Insert, word, random.Next(2) == 0 ? Placement.Before : Placement.After, " inserted words", occurrence),
                4 or 5 => new TextChange(AmendmentKind.Delete, word, null, null, occurrence),
                _ => new TextChange(AmendmentKind.Replace, word, null, "other words", occurrence),
            };
            var proposer = Delegations[random.Next(Delegations.Count)];
            var cosponsors = Enumerable.Range(0, random.Next(4)).Select(_ => Delegations[random.Next(Delegations.Count)])
                .Where(c => c != proposer).Distinct().ToList();
            var stances = new Stances(
                Enumerable.Range(0, random.Next(3)).Select(_ => Delegations[random.Next(193)]).Distinct().ToList(),
                Enumerable.Range(0, random.Next(3)).Select(_ => Delegations[random.Next(193)]).Distinct().ToList(),
                []);
            result.Add(new PendingChange(Guid.NewGuid(), i + 1, change, block.Id, 1, occurrences.Count, proposer, cosponsors, stances));
        }

        return result;
    }
}
