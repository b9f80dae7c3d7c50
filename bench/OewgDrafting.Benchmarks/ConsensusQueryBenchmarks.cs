using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Features.Consensus;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain.Amendments;
using OewgDrafting.Domain.Documents;

namespace OewgDrafting.Benchmarks;

/// <summary>
/// The consensus picture from a real SQLite file: 1,000 paragraphs, 20,000 pending amendments from 193
/// delegations, queried and serialised as the endpoint does (no cache).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 15)]
public class ConsensusQueryBenchmarks
{
    private string _path = null!;
    private DbContextOptions<SqliteDraftingDbContext> _options = null!;
    private Guid _documentId;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), $"oewg-bench-{Guid.NewGuid():N}.db");
        _options = new DbContextOptionsBuilder<SqliteDraftingDbContext>().UseSqlite($"Data Source={_path}")
            .AddInterceptors(OewgDrafting.Api.Infrastructure.Search.SqliteSearchFunctions.Interceptor).Options;
        using var db = new SqliteDraftingDbContext(_options);
        db.Database.Migrate();
        var now = DateTimeOffset.UnixEpoch;
        var document = Document.Create(Guid.NewGuid(), "A/BENCH/1", "Benchmark", "en", [], now);
        document.OpenNegotiation();
        _documentId = document.Id;
        db.Documents.Add(document);
        var text = SyntheticDocuments.Create(paragraphs: 1_000, brackets: 200);
        var blocks = text.Blocks.Select((b, i) => Block.Create(b.Id, document.Id, b.Kind, b.Level, b.Label, b.Text, (i + 1) * 1024L, BlockStatus.Open)).ToList();
        db.Blocks.AddRange(blocks);
        var pending = SyntheticNegotiation.Amendments(text, 20_000);
        db.Amendments.AddRange(pending.Select(p => Amendment.Propose(p.Id, document.Id, p.Number, p.Change, p.BlockId, 1, p.BaseOccurrences, default,
            "", p.Proposer, p.Proposer, p.Cosponsors, now)));
        db.SaveChanges();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }

    [Benchmark]
    public async Task<int> QueryAndSerialise()
    {
        await using var db = new SqliteDraftingDbContext(_options);
        var picture = await ConsensusLoader.PictureAsync(db, _documentId, CancellationToken.None);
        return JsonSerializer.SerializeToUtf8Bytes(picture, Json).Length;
    }

    [Benchmark]
    public async Task<int> QueryOnly()
    {
        await using var db = new SqliteDraftingDbContext(_options);
        var picture = await ConsensusLoader.PictureAsync(db, _documentId, CancellationToken.None);
        return picture.Blockers.Count;
    }
}
