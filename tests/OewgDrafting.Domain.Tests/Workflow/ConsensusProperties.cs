using CsCheck;
using OewgDrafting.Domain.Consensus;
using OewgDrafting.Domain.Documents;

namespace OewgDrafting.Domain.Tests.Workflow;

/// <summary>The consensus picture against an independently computed expectation, on generated negotiations.</summary>
public class ConsensusProperties
{
    private sealed record Negotiation(DocumentStatus Status, List<BlockFacts> Blocks, List<AmendmentFacts> Pending,
        List<ObjectionFacts> Objections, List<SilenceFacts> Silences);

    private static readonly Gen<Negotiation> Negotiations =
        from status in Gen.Int[0, 3].Select(i => i == 0 ? DocumentStatus.Draft : DocumentStatus.Negotiation)
        from count in Gen.Int[1, 12]
        from blocks in Gen.Select(Gen.Bool, Gen.Int[0, 3], Gen.Int[0, 6]).Array[count]
        from pendingTargets in Gen.Int[0, count - 1].Array[0, 4]
        from objectionTargets in Gen.Int[0, count - 1].Array[0, 3]
        from silenceTargets in Gen.Int[-1, count - 1].Array[0, 2]
        select Build(status, blocks, pendingTargets, objectionTargets, silenceTargets);

    private static Negotiation Build(DocumentStatus status, (bool Heading, int Status, int Brackets)[] blocks, int[] pending, int[] objections, int[] silences)
    {
        // Mostly clean blocks, so that adoptable negotiations are generated too.
        var facts = blocks.Select((b, i) => new BlockFacts(Guid.NewGuid(), $"{i + 1}", b.Heading ? BlockKind.Heading : BlockKind.Paragraph,
            b.Status == 0 ? BlockStatus.Open : BlockStatus.AgreedAdRef, b.Brackets > 3 ? 1 : 0)).ToList();
        return new Negotiation(status, facts,
            pending.Select((t, n) => new AmendmentFacts(n + 1, facts[t].Id, "ESP")).ToList(),
            objections.Select(t => new ObjectionFacts(facts[t].Id, "FRA", null)).ToList(),
            silences.Select(t => new SilenceFacts(Guid.NewGuid(), t < 0 ? null : [facts[t].Id])).ToList());
    }

    [Fact]
    public void Can_adopt_exactly_when_every_paragraph_is_agreed_and_nothing_blocks_anywhere()
    {
        Negotiations.Sample(n =>
        {
            var picture = ConsensusRules.Compute(n.Status, n.Blocks, n.Pending, n.Objections, n.Silences);

            var expected = n.Status == DocumentStatus.Negotiation
                && n.Blocks.All(b => b.Kind == BlockKind.Heading || b.Status == BlockStatus.AgreedAdRef)
                && n.Blocks.All(b => b.OpenBrackets == 0)
                && n.Pending.Count == 0 && n.Objections.Count == 0 && n.Silences.Count == 0;
            Assert.Equal(expected, picture.CanAdopt);
        }, iter: 5_000);
    }

    [Fact]
    public void Every_blocker_is_reported_on_its_block_and_counted_once()
    {
        Negotiations.Sample(n =>
        {
            var picture = ConsensusRules.Compute(n.Status, n.Blocks, n.Pending, n.Objections, n.Silences);

            foreach (var block in n.Blocks)
            {
                var reported = picture.Blockers.SingleOrDefault(b => b.BlockId == block.Id);
                var pending = n.Pending.Count(a => a.BlockId == block.Id);
                var objections = n.Objections.Count(o => o.BlockId == block.Id);
                var silences = n.Silences.Count(s => s.BlockIds is null || s.BlockIds.Contains(block.Id));
                var notAgreed = block.Kind == BlockKind.Paragraph && block.Status != BlockStatus.AgreedAdRef;
                var blocked = block.OpenBrackets > 0 || pending > 0 || objections > 0 || silences > 0 || notAgreed;
                Assert.Equal(blocked, reported is not null);
                if (reported is not null)
                {
                    Assert.Equal(block.OpenBrackets, reported.OpenBrackets);
                    Assert.Equal(pending, reported.PendingAmendments.Count);
                    Assert.Equal(objections, reported.Objections.Count);
                    Assert.Equal(silences, reported.SilenceProcedures.Count);
                    Assert.Equal(block.Label, reported.Label);
                }
            }

            Assert.Equal(n.Pending.Count, picture.Totals.PendingAmendments);
            Assert.Equal(n.Objections.Count, picture.Totals.Objections);
            Assert.Equal(n.Blocks.Sum(b => b.OpenBrackets), picture.Totals.OpenBrackets);
            Assert.Equal(n.Silences.Count, picture.Totals.SilenceProcedures);
            Assert.Equal(n.Blocks.Count(b => b.Kind == BlockKind.Paragraph && b.Status != BlockStatus.AgreedAdRef), picture.Totals.ParagraphsNotAgreed);
        }, iter: 5_000);
    }
}
