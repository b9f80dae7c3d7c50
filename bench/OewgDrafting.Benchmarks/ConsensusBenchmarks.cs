using BenchmarkDotNet.Attributes;
using OewgDrafting.Domain.Consensus;
using OewgDrafting.Domain.Documents;

namespace OewgDrafting.Benchmarks;

/// <summary>Issue #5's figure: the consensus picture for 1,000 paragraphs and 20,000 amendments in under 50 ms (this is the computation; the HTTP figure is measured by the load generator).</summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
public class ConsensusBenchmarks
{
    private List<BlockFacts> _blocks = null!;
    private List<AmendmentFacts> _pending = null!;
    private List<ObjectionFacts> _objections = null!;
    private List<SilenceFacts> _silences = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(3);
        _blocks = Enumerable.Range(0, 1_000).Select(i => new BlockFacts(Guid.NewGuid(), $"{i + 1}", BlockKind.Paragraph,
            random.Next(3) == 0 ? BlockStatus.AgreedAdRef : BlockStatus.Open, random.Next(6) == 0 ? 1 : 0)).ToList();
        _pending = Enumerable.Range(0, 20_000).Select(i => new AmendmentFacts(i + 1, _blocks[random.Next(1_000)].Id, $"D{random.Next(193):D3}")).ToList();
        _objections = Enumerable.Range(0, 500).Select(_ => new ObjectionFacts(_blocks[random.Next(1_000)].Id, $"D{random.Next(193):D3}", null)).ToList();
        _silences = [new SilenceFacts(Guid.NewGuid(), _blocks.Take(50).Select(b => b.Id).ToList())];
    }

    [Benchmark]
    public int Compute() => ConsensusRules.Compute(DocumentStatus.Negotiation, _blocks, _pending, _objections, _silences).Blockers.Count;
}
