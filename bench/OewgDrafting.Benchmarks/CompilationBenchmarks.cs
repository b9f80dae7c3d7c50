using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Domain.Amendments;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Rendering;

namespace OewgDrafting.Benchmarks;

/// <summary>
/// Issue #4's figure: on a 1,000-paragraph document with 20,000 pending amendments from 193 delegations,
/// the compilation text renders in under 200 ms.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
public class CompilationBenchmarks
{
    private TextDocument _document = null!;
    private List<PendingChange> _pending = null!;
    private Dictionary<Guid, int> _versions = null!;
    private Document _entity = null!;
    private Dictionary<Guid, Block> _blocks = null!;
    private readonly StringBuilder _builder = new();
    private readonly ArrayBufferWriter<byte> _json = new(1 << 20);

    [GlobalSetup]
    public void Setup()
    {
        _document = SyntheticDocuments.Create(paragraphs: 1_000, brackets: 5_000);
        _pending = SyntheticNegotiation.Amendments(_document, 20_000);
        _versions = _document.Blocks.ToDictionary(b => b.Id, _ => 1);
        _entity = Document.Create(Guid.NewGuid(), _document.Symbol, _document.Title, _document.Language, _document.FrontMatter, DateTimeOffset.UnixEpoch);
        _blocks = _document.Blocks.Select((b, i) => Block.Create(b.Id, _entity.Id, b.Kind, b.Level, b.Label, b.Text, i, BlockStatus.Open))
            .ToDictionary(b => b.Id);
        var built = Compilation.Build(_document, _versions, _pending);
        var placed = built.Items.OfType<CompilationBlock>().Sum(b => b.Pieces.OfType<ChangePiece>().Count() + b.Notes.Count)
            + built.Items.OfType<ProposedParagraph>().Count();
        if (placed != 20_000)
        {
            throw new InvalidOperationException($"The compilation shows {placed} amendments, not 20,000.");
        }
    }

    [Benchmark]
    public int Build() => Compilation.Build(_document, _versions, _pending).Items.Count;

    [Benchmark(Baseline = true)]
    public int Markdown() => CompilationRenderer.WriteText(_builder.Clear(), Compilation.Build(_document, _versions, _pending)).Length;

    [Benchmark]
    public int Html() => CompilationRenderer.WriteHtml(_builder.Clear(), Compilation.Build(_document, _versions, _pending)).Length;

    [Benchmark]
    public int Json()
    {
        _json.ResetWrittenCount();
        CompilationJson.Write(_json, _entity, _blocks, Compilation.Build(_document, _versions, _pending));
        return _json.WrittenCount;
    }
}
