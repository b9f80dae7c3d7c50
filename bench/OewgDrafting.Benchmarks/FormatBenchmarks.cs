using BenchmarkDotNet.Attributes;
using OewgDrafting.Api.Features.Formats;
using OewgDrafting.Domain.Amendments;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Rendering;

namespace OewgDrafting.Benchmarks;

/// <summary>
/// Issue #10's figure: for a 1,000-paragraph document with brackets and pending amendments, the compilation as a Word
/// document (tracked changes and comments) and as Akoma Ntoso are each produced in under 500 ms.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 10)]
public class FormatBenchmarks
{
    private TextDocument _document = null!;
    private Document _entity = null!;
    private CompilationDocument _compilation = null!;

    /// <summary>Pending amendments on the document: two per paragraph on average.</summary>
    [Params(2_000)]
    public int Amendments { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _document = SyntheticDocuments.Create(paragraphs: 1_000, brackets: 5_000);
        var pending = SyntheticNegotiation.Amendments(_document, Amendments)
            .Select(p => p with { ProposedAt = DateTimeOffset.UnixEpoch, Justification = "Because." }).ToList();
        _entity = Document.Create(Guid.NewGuid(), _document.Symbol, _document.Title, _document.Language, _document.FrontMatter, DateTimeOffset.UnixEpoch);
        _compilation = Compilation.Build(_document, _document.Blocks.ToDictionary(b => b.Id, _ => 1), pending);
    }

    [Benchmark]
    public int CleanTextDocx() => WordCleanText.Write(_document).Length;

    [Benchmark]
    public int CompilationDocx() => WordCompilation.Write(_compilation).Length;

    [Benchmark]
    public int CleanTextAkn() => AkomaNtoso.Write(_entity, _document).Length;

    [Benchmark]
    public int CompilationAkn() => AkomaNtoso.WriteCompilation(_entity, _compilation).Length;
}
