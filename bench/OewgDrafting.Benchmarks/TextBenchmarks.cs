using System.Text;
using System.Buffers;
using BenchmarkDotNet.Attributes;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Rendering;

namespace OewgDrafting.Benchmarks;

/// <summary>
/// Issue #2's figure: a 1,000-paragraph document with 5,000 brackets parses and renders to all four
/// formats in under 20 ms in total.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 5, iterationCount: 20)]
public class TextBenchmarks
{
    private TextDocument _template = null!;
    private Document _document = null!;
    private List<Block> _blocks = null!;

    // The API renders into pooled builders and writes JSON into the response pipe; reuse stands in for both.
    private readonly StringBuilder _builder = new();
    private readonly ArrayBufferWriter<byte> _json = new(64 * 1024);

    [GlobalSetup]
    public void Setup()
    {
        _template = SyntheticDocuments.Create(paragraphs: 1_000, brackets: 5_000);
        var count = _template.Blocks.Sum(b => b.Parsed.BracketCount);
        if (count != 5_000)
        {
            throw new InvalidOperationException($"The synthetic document has {count} brackets, not 5,000.");
        }

        _document = Document.Create(Guid.NewGuid(), _template.Symbol, _template.Title, _template.Language, _template.FrontMatter, DateTimeOffset.UnixEpoch);
        _blocks = _template.Blocks.Select((b, i) => Block.Create(b.Id, _document.Id, b.Kind, b.Level, b.Label, b.Text, i, BlockStatus.Open)).ToList();
    }

    // Fresh blocks each time: a block caches its parse, and the benchmark must pay for parsing.
    private TextDocument Fresh() => _template with
    {
        Blocks = _template.Blocks.Select(b => new TextBlock(b.Id, b.Kind, b.Level, b.Label, b.Text)).ToList(),
    };

    [Benchmark]
    public int Parse() => Fresh().Blocks.Sum(b => b.Parsed.BracketCount);

    [Benchmark]
    public int Markdown() => CleanTextRenderer.WriteMarkdown(_builder.Clear(), Fresh()).Length;

    [Benchmark]
    public int PlainText() => CleanTextRenderer.WritePlainText(_builder.Clear(), Fresh()).Length;

    [Benchmark]
    public int Html() => CleanTextRenderer.WriteHtml(_builder.Clear(), Fresh()).Length;

    [Benchmark]
    public int Json() => RenderJson(Fresh());

    /// <summary>Parse once, render all four formats: what the 20 ms budget covers.</summary>
    [Benchmark(Baseline = true)]
    public int ParseAndRenderAllFormats()
    {
        var document = Fresh();
        return CleanTextRenderer.WriteMarkdown(_builder.Clear(), document).Length
            + CleanTextRenderer.WritePlainText(_builder.Clear(), document).Length
            + CleanTextRenderer.WriteHtml(_builder.Clear(), document).Length
            + RenderJson(document);
    }

    private int RenderJson(TextDocument text)
    {
        _json.ResetWrittenCount();
        DocumentTextJson.Write(_json, _document, _blocks, text);
        return _json.WrittenCount;
    }
}
