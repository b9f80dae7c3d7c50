using System.Collections.Concurrent;
using System.Data.Common;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain.Search;

namespace OewgDrafting.Api.Infrastructure.Search;

/// <summary>Where a proposed text is agreed language: one adopted paragraph holds all of it.</summary>
public sealed record AgreedLanguageMark(Guid DocumentId, string Symbol, Guid BlockId, string? Label, DateOnly? AdoptedOn)
{
    /// <summary><c>agreed language: A/RES/75/240, ¶3</c></summary>
    public string Describe() => Label is null ? $"agreed language: {Symbol}" : $"agreed language: {Symbol}, ¶{Label}";
}

/// <summary>
/// The adopted texts (reference texts, and documents adopted here) as precedent: the paragraphs that may hold a text's
/// words are found through the search index, then <see cref="Precedents"/> finds the passages. Whether a text is
/// entirely agreed language is remembered per text until the library changes (a text is imported or adopted), so the
/// compilation's marks cost a lookup, not a search, per amendment.
/// </summary>
public sealed class PrecedentLibrary(DraftingConnections connections)
{
    public const int MaxCandidates = 50;
    private const int MaxRemembered = 20_000;
    private const int RareWords = 10;

    private readonly ConcurrentDictionary<string, AgreedLanguageMark?> _marks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _frequencies = new(StringComparer.Ordinal);
    private string _stamp = string.Empty;

    public async Task<PrecedentFindings> FindAsync(string text, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return Precedents.Find(text, await CandidatesAsync(connection, text, cancellationToken));
    }

    /// <summary>For each text (an amendment's proposed words), the adopted paragraph that holds all of it, if any.</summary>
    public async Task<IReadOnlyDictionary<string, AgreedLanguageMark>> AgreedLanguageAsync(IEnumerable<string?> texts,
        CancellationToken cancellationToken)
    {
        var wanted = texts.OfType<string>().Where(t => SearchText.Words(t).Count >= Precedents.MinWords).Distinct(StringComparer.Ordinal).ToList();
        var found = new Dictionary<string, AgreedLanguageMark>(StringComparer.Ordinal);
        if (wanted.Count == 0)
        {
            return found;
        }

        await using var connection = await OpenAsync(cancellationToken);
        var stamp = await StampAsync(connection, cancellationToken);
        if (stamp is null)
        {
            return found;
        }

        if (!string.Equals(stamp, _stamp, StringComparison.Ordinal) || _marks.Count > MaxRemembered)
        {
            _marks.Clear();
            _stamp = stamp;
        }

        foreach (var text in wanted)
        {
            var key = SearchText.Indexed(text);
            if (!_marks.TryGetValue(key, out var mark))
            {
                var candidates = await QueryAsync(connection, new SearchQuery.Phrase(key.Split(' ')), cancellationToken);
                mark = Precedents.Find(text, candidates).Entire is { } entire
                    ? new AgreedLanguageMark(entire.Source.DocumentId, entire.Source.Symbol, entire.Source.BlockId, entire.Source.Label, entire.Source.AdoptedOn)
                    : null;
                _marks[key] = mark;
            }

            if (mark is not null)
            {
                found[text] = mark;
            }
        }

        return found;
    }

    /// <summary>
    /// The adopted paragraphs most likely to share words with the text, best first. On SQLite: those holding the text's
    /// rarest words (their frequencies read from the index's vocabulary and remembered), so that common words cost
    /// nothing; on PostgreSQL: those sharing a run of consecutive words with it.
    /// </summary>
    private async Task<IReadOnlyList<PrecedentSource>> CandidatesAsync(DbConnection connection, string text, CancellationToken cancellationToken)
    {
        var words = SearchText.Words(text).Select(w => w.Normalized).Take(Precedents.MaxWords).ToList();
        if (words.Count == 0)
        {
            return [];
        }

        if (connections.Provider == DatabaseProvider.Sqlite)
        {
            var rare = await RarestAsync(connection, words.Distinct(StringComparer.Ordinal).ToList(), cancellationToken);
            return rare.Count == 0 ? [] : await QueryAsync(connection, new SearchQuery.Any([.. rare.Select(w => (SearchQuery)new SearchQuery.Phrase([w]))]),
                cancellationToken);
        }

        // Runs short enough that a near match a few words different still shares some; at most 16 of them, spread over the text.
        var size = Math.Min(words.Count, words.Count < 12 ? 3 : Precedents.MinWords);
        var starts = Enumerable.Range(0, words.Count - size + 1).ToList();
        var step = Math.Max(1, (starts.Count + 15) / 16);
        var runs = starts.Where((_, i) => i % step == 0)
            .Select(i => string.Join(' ', words.Skip(i).Take(size)))
            .Distinct(StringComparer.Ordinal)
            .Select(run => (SearchQuery)new SearchQuery.Phrase(run.Split(' ')))
            .ToList();
        var query = runs.Count == 1 ? runs[0] : new SearchQuery.Any(runs);
        return await QueryAsync(connection, query, cancellationToken);
    }

    /// <summary>The text's words found in fewest entries of the index (words found in none cannot lead to a source).</summary>
    private async Task<List<string>> RarestAsync(DbConnection connection, List<string> words, CancellationToken cancellationToken)
    {
        // Frequencies are remembered once a word is in the index (a word in none is asked again: a text imported later may bring it).
        var unknown = words.Where(w => !_frequencies.ContainsKey(w)).ToList();
        var found = new Dictionary<string, int>(StringComparer.Ordinal);
        if (unknown.Count > 0)
        {
            if (_frequencies.Count > 200_000)
            {
                _frequencies.Clear();
            }

            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT doc FROM search_vocab WHERE term = @term";
            var parameter = command.AddParameter("term", string.Empty);
            foreach (var word in unknown)
            {
                parameter.Value = word;
                var frequency = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken) ?? 0, System.Globalization.CultureInfo.InvariantCulture);
                found[word] = frequency;
                if (frequency > 0)
                {
                    _frequencies[word] = frequency;
                }
            }
        }

        return words.Select(w => (Word: w, Frequency: found.TryGetValue(w, out var f) ? f : _frequencies.GetValueOrDefault(w)))
            .Where(w => w.Frequency > 0)
            .OrderBy(w => w.Frequency).ThenBy(w => w.Word, StringComparer.Ordinal)
            .Take(RareWords).Select(w => w.Word).ToList();
    }

    private async Task<IReadOnlyList<PrecedentSource>> QueryAsync(DbConnection connection, SearchQuery query, CancellationToken cancellationToken)
    {
        var sqlite = connections.Provider == DatabaseProvider.Sqlite;
        await using var command = connection.CreateCommand();
        command.CommandText = sqlite
            ? """
              SELECT e.document_id, e.block_id, d.Symbol, b.Label, d.AdoptedOn, e.body
              FROM search_fts
              JOIN search_entries e ON e.id = search_fts.rowid
              JOIN documents d ON d.Id = e.document_id
              LEFT JOIN blocks b ON b.Id = e.block_id
              WHERE search_fts MATCH @q AND e.source = 'block' AND d.Status = 'Adopted' AND b.Kind = 'Paragraph'
              ORDER BY bm25(search_fts), e.id LIMIT @limit
              """
            : """
              SELECT e.document_id::text, e.block_id::text, d."Symbol", b."Label", d."AdoptedOn"::text, e.body
              FROM search_entries e
              JOIN documents d ON d."Id" = e.document_id
              LEFT JOIN blocks b ON b."Id" = e.block_id
              WHERE e.vector @@ @q::tsquery AND e.source = 'block' AND d."Status" = 'Adopted' AND b."Kind" = 'Paragraph'
              ORDER BY ts_rank(e.vector, @q::tsquery) DESC, e.id LIMIT @limit
              """;
        command.AddParameter("q", sqlite ? SearchSql.Fts5(query) : SearchSql.TsQuery(query));
        command.AddParameter("limit", MaxCandidates);
        var sources = new List<PrecedentSource>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            sources.Add(new PrecedentSource(Guid.Parse(reader.GetString(0)), Guid.Parse(reader.GetString(1)), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : DateOnly.Parse(reader.GetString(4), System.Globalization.CultureInfo.InvariantCulture),
                reader.GetString(5)));
        }

        return sources;
    }

    /// <summary>What the library is now (how many adopted documents, and the last change to one); null when it is empty.</summary>
    private async Task<string?> StampAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = connections.Provider == DatabaseProvider.Sqlite
            ? "SELECT count(*), max(Version), max(UpdatedAt), max(Id) FROM documents WHERE Status = 'Adopted'"
            : "SELECT count(*), max(\"Version\"), max(\"UpdatedAt\")::text, max(\"Id\"::text) FROM documents WHERE \"Status\" = 'Adopted'";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.GetInt64(0) == 0 ? null : string.Join('|', Enumerable.Range(0, 4).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>A look-up runs on a connection of its own, apart from the request's DbContext and whatever state it is in.</summary>
    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = connections.Create();
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
