using CsCheck;
using OewgDrafting.Domain.Amendments;

namespace OewgDrafting.Domain.Tests.Amendments;

/// <summary>
/// Over random paragraphs and random sequences of amendments: an accepted amendment changes exactly its
/// target span, and no sequence of decisions loses or duplicates text outside the targeted spans.
/// </summary>
public class AmendmentProperties
{
    // Paragraphs of unique words w0 … wn, so that every quote of whole words occurs once and can be traced.
    private static readonly Gen<int> Length = Gen.Int[3, 30];

    private static string Paragraph(int words) => string.Join(' ', Enumerable.Range(0, words).Select(i => $"w{i:D2}"));

    /// <summary>A change targeting words [from, to) of a paragraph of unique words.</summary>
    private sealed record Planned(AmendmentKind Kind, int From, int To, Placement Placement, string NewWords);

    private static Gen<Planned> Change(int words, int tag) =>
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, words - 1], Gen.Int[1, 3], Gen.Bool, (kind, from, span, before) =>
            new Planned((AmendmentKind)kind, from, Math.Min(words, from + span), before ? Placement.Before : Placement.After, $"x{tag}a x{tag}b"));

    private static TextChange ToChange(Planned p, int words)
    {
        var quote = string.Join(' ', Enumerable.Range(p.From, p.To - p.From).Select(i => $"w{i:D2}"));
        return p.Kind switch
        {
            AmendmentKind.Insert => new TextChange(AmendmentKind.Insert, quote, p.Placement, p.Placement == Placement.Before ? p.NewWords + " " : " " + p.NewWords, null),
            AmendmentKind.Delete => new TextChange(AmendmentKind.Delete, quote, null, null, null),
            _ => new TextChange(AmendmentKind.Replace, quote, null, p.NewWords, null),
        };
    }

    [Fact]
    public void An_accepted_amendment_changes_exactly_its_target_span()
    {
        Length.SelectMany(n => Change(n, 0).Select(c => (n, c))).Sample(t =>
        {
            var (n, planned) = t;
            var text = Paragraph(n);
            var change = ToChange(planned, n);
            var span = AmendmentText.Locate(text, change);

            var result = AmendmentText.Apply(text, span, change, bracketed: false);

            var edgeStart = change.Kind == AmendmentKind.Insert && change.Placement == Placement.After ? span.End : span.Start;
            var edgeEnd = change.Kind == AmendmentKind.Insert ? edgeStart : span.End;
            Assert.Equal(text[..edgeStart], result[..edgeStart]);
            Assert.Equal(text[edgeEnd..], result[^(text.Length - edgeEnd)..]);
            var middle = result[edgeStart..(result.Length - (text.Length - edgeEnd))];
            Assert.Equal(change.Kind == AmendmentKind.Delete ? "" : change.Text, middle);
        }, iter: 2_000);
    }

    [Fact]
    public void Bracketing_keeps_the_text_outside_the_span_and_the_targeted_words_inside_brackets()
    {
        Length.SelectMany(n => Change(n, 0).Select(c => (n, c))).Sample(t =>
        {
            var (n, planned) = t;
            var text = Paragraph(n);
            var change = ToChange(planned, n);
            var span = AmendmentText.Locate(text, change);

            var result = AmendmentText.Apply(text, span, change, bracketed: true);

            Assert.Equal(1, OewgDrafting.Domain.Text.BracketedText.Parse(result).BracketCount);
            var words = result.Replace("[", "", StringComparison.Ordinal).Replace("]", "", StringComparison.Ordinal).Replace(" / ", " ", StringComparison.Ordinal)
                .Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // Nothing is lost: every original word is still there once (a bracket keeps deleted and replaced words).
            foreach (var word in text.Split(' '))
            {
                Assert.Single(words, w => w == word);
            }
        }, iter: 2_000);
    }

    [Fact]
    public void No_sequence_of_decisions_loses_or_duplicates_text_outside_the_targeted_spans()
    {
        Length.SelectMany(n => Change(n, 0).Array[1, 6]
                .Select(plans => (n, plans: plans.Select((p, i) => p with { NewWords = $"x{i}a x{i}b" }).ToArray())))
            .Sample(t =>
            {
                var (n, plans) = t;
                var original = Paragraph(n);
                var current = original;
                var version = 1;
                var targeted = new HashSet<string>();
                var applied = new List<Planned>();
                foreach (var plan in plans)
                {
                    // Every amendment was written against the original paragraph (version 1).
                    var change = ToChange(plan, n);
                    TextSpan span;
                    try
                    {
                        span = version == 1 ? AmendmentText.Locate(current, change) : AmendmentText.Reanchor(current, change, occurrencesAtBase: 1);
                    }
                    catch (AnchorException)
                    {
                        // A conflict: its target is gone. Nothing is applied.
                        continue;
                    }

                    Assert.Equal(change.Anchor, current.Substring(span.Start, span.Length));
                    current = AmendmentText.Apply(current, span, change, bracketed: false);
                    version++;
                    applied.Add(plan);
                    if (plan.Kind != AmendmentKind.Insert)
                    {
                        foreach (var i in Enumerable.Range(plan.From, plan.To - plan.From))
                        {
                            targeted.Add($"w{i:D2}");
                        }
                    }
                }

                var words = current.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var untouched = original.Split(' ').Where(w => !targeted.Contains(w)).ToList();
                // Every word outside the targeted spans is there exactly once, in its original order …
                Assert.Equal(untouched, words.Where(w => w.StartsWith('w')).ToList());
                // … every targeted word is gone, and every applied amendment's new words appear exactly once.
                foreach (var plan in applied.Where(p => p.Kind != AmendmentKind.Delete))
                {
                    foreach (var word in plan.NewWords.Split(' '))
                    {
                        Assert.Single(words, w => w == word);
                    }
                }
            }, iter: 3_000);
    }
}
