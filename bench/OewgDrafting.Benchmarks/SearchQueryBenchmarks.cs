using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Features.Search;
using OewgDrafting.Api.Infrastructure.Auth;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain.Documents;

namespace OewgDrafting.Benchmarks;

/// <summary>
/// A search as the endpoint runs it (the SQL, ranking, visibility, snippets), without HTTP: a real SQLite file holding
/// the library bench/search-latency.sh imports (10,000 reference paragraphs in Spanish, English and French, indexed by
/// the migration's triggers), asked the set queries of that benchmark, slowest first.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 15)]
public class SearchQueryBenchmarks
{
    private string _path = null!;
    private DraftingConnections _connections = null!;

    [Params("consensus OR dialogue", "technolog*", "negotiation", "\"international law\" threats")]
    public string Query { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), $"oewg-search-bench-{Guid.NewGuid():N}.db");
        var connection = $"Data Source={_path}";
        var options = new DbContextOptionsBuilder<SqliteDraftingDbContext>().UseSqlite(connection)
            .AddInterceptors(OewgDrafting.Api.Infrastructure.Search.SqliteSearchFunctions.Interceptor).Options;
        using (var db = new SqliteDraftingDbContext(options))
        {
            db.Database.Migrate();
            var now = new DateTimeOffset(2025, 7, 7, 10, 0, 0, TimeSpan.Zero);
            foreach (var ((language, texts), d) in SearchLibrary.Documents(new Random(28), SearchLibrary.Vocabularies(), 10_000).Select((document, d) => (document, d)))
            {
                var document = Document.Reference(Guid.CreateVersion7(), $"A/REF/{d}", $"Reference text {d}", language, [],
                    new DateOnly(2020, 1, 1), null, now);
                db.Documents.Add(document);
                db.Blocks.AddRange(texts.Select((text, i) => Block.Create(Guid.CreateVersion7(), document.Id, BlockKind.Paragraph, null,
                    (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), text, (i + 1) * 1024L, BlockStatus.Adopted)));
            }

            db.SaveChanges();
        }

        _connections = new DraftingConnections(DatabaseProvider.Sqlite, connection);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }

    [Benchmark]
    public async Task<int> Search()
    {
        var handler = new SearchTexts.Handler(_connections, new Chair());
        var found = await handler.Handle(new SearchTexts.Query(Query, new SearchTexts.Filters(null, null, null, null, null, null, null), 0, 20),
            CancellationToken.None);
        return found.Total;
    }

    private sealed class Chair : ICurrentActor
    {
        public string Code => OewgDrafting.Domain.Delegations.Delegation.ChairCode;
    }
}
