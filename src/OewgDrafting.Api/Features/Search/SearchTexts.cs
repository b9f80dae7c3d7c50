using System.Data.Common;
using Mediator;
using OewgDrafting.Api.Features.CommentThreads;
using OewgDrafting.Api.Infrastructure.Auth;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Api.Infrastructure.Search;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Search;

namespace OewgDrafting.Api.Features.Search;

/// <summary>
/// Full-text search over every text the service holds: paragraphs as they are and as they were, amendments, language
/// versions and comments, ranked by the database's engine, each result with its paragraph, document and status and a
/// highlighted snippet. A caller finds only what it may read: a chair-only comment only the chair, a withdrawn
/// amendment only the chair and its proposer.
/// </summary>
public static class SearchTexts
{
    public const int MaxLimit = 100;

    public sealed record Filters(Guid? DocumentId, DocumentKind? Kind, SearchResultType? Type, SearchStanding? Status, string? Language,
        DateOnly? AdoptedFrom, DateOnly? AdoptedTo);

    public sealed record Query(string Text, Filters Filters, int Offset, int Limit) : IQuery<SearchResponse>;

    public sealed class Handler(DraftingConnections connections, ICurrentActor actor) : IQueryHandler<Query, SearchResponse>
    {
        public async ValueTask<SearchResponse> Handle(Query query, CancellationToken cancellationToken)
        {
            var parsed = SearchQuery.Parse(query.Text);
            var sqlite = connections.Provider == DatabaseProvider.Sqlite;
            await using var connection = connections.Create();
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            var chair = CommentReaders.IsChair(actor.Code);
            // The page is chosen over the index and the entries alone (documents and paragraphs joined only when a filter
            // needs them; visibility looked up only for amendments and comments); only its rows are then described.
            var where = new System.Text.StringBuilder();
            var joinDocuments = false;
            var joinBlocks = false;
            command.AddParameter("q", sqlite ? SearchSql.Fts5(parsed) : SearchSql.TsQuery(parsed));
            command.AddParameter("caller", actor.Code.ToUpperInvariant());
            command.AddParameter("chair", chair);
            var filters = query.Filters;
            if (filters.DocumentId is { } documentId)
            {
                where.Append(" AND e.document_id = @document");
                command.AddParameter("document", sqlite ? documentId.ToString().ToUpperInvariant() : documentId);
            }

            if (filters.Kind is { } kind)
            {
                joinDocuments = true;
                where.Append(sqlite ? " AND d.Kind = @kind" : " AND d.\"Kind\" = @kind");
                command.AddParameter("kind", kind.ToString());
            }

            if (filters.Type is { } type)
            {
                where.Append(" AND e.source = @type");
                command.AddParameter("type", SearchResult.SourceOf(type));
            }

            if (filters.Language is { } language)
            {
                where.Append(" AND lower(e.language) = @language");
                command.AddParameter("language", language.ToLowerInvariant());
            }

            if (filters.Status is { } standing)
            {
                joinDocuments = true;
                joinBlocks = standing != SearchStanding.Adopted;
                where.Append(standing switch
                {
                    SearchStanding.Adopted => sqlite ? " AND d.Status = 'Adopted'" : " AND d.\"Status\" = 'Adopted'",
                    SearchStanding.AgreedAdRef => sqlite ? " AND b.Status = 'AgreedAdRef'" : " AND b.\"Status\" = 'AgreedAdRef'",
                    _ => sqlite ? " AND d.Status <> 'Adopted' AND (b.Status IS NULL OR b.Status IN ('Draft', 'Open'))"
                        : " AND d.\"Status\" <> 'Adopted' AND (b.\"Status\" IS NULL OR b.\"Status\" IN ('Draft', 'Open'))",
                });
            }

            if (filters.AdoptedFrom is { } from)
            {
                joinDocuments = true;
                where.Append(sqlite ? " AND d.AdoptedOn >= @from" : " AND d.\"AdoptedOn\" >= @from");
                command.AddParameter("from", sqlite ? from.ToString("yyyy-MM-dd") : from);
            }

            if (filters.AdoptedTo is { } to)
            {
                joinDocuments = true;
                where.Append(sqlite ? " AND d.AdoptedOn <= @to" : " AND d.\"AdoptedOn\" <= @to");
                command.AddParameter("to", sqlite ? to.ToString("yyyy-MM-dd") : to);
            }

            var joins = (joinDocuments ? (sqlite ? " JOIN documents d ON d.Id = e.document_id" : " JOIN documents d ON d.\"Id\" = e.document_id") : "")
                + (joinBlocks ? (sqlite ? " LEFT JOIN blocks b ON b.Id = e.block_id" : " LEFT JOIN blocks b ON b.\"Id\" = e.block_id") : "");
            command.AddParameter("limit", query.Limit);
            command.AddParameter("offset", query.Offset);
            command.CommandText = (sqlite ? SqliteSelect : PostgresSelect).Replace("{joins}", joins, StringComparison.Ordinal)
                .Replace("{where}", where.ToString(), StringComparison.Ordinal);

            var rows = new List<Row>();
            var total = 0;
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    total = Convert.ToInt32(reader.GetValue(19), System.Globalization.CultureInfo.InvariantCulture);
                    rows.Add(Row.Read(reader));
                }
            }

            if (rows.Count == 0 && query.Offset > 0)
            {
                // A page past the end still says how many there are.
                command.Parameters[command.Parameters.IndexOf("@offset")].Value = 0;
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                total = await reader.ReadAsync(cancellationToken) ? Convert.ToInt32(reader.GetValue(19), System.Globalization.CultureInfo.InvariantCulture) : 0;
            }

            return new SearchResponse(query.Text, total, query.Offset, query.Limit, rows.Select(r => r.ToResult(parsed)).ToList());
        }
    }

    // The matches are ranked first, apart (bm25() runs only in a query of the FTS table alone), then filtered once:
    // the page and the total both read what was found, without a window function over every match.
    private const string SqliteSelect = """
        WITH hits AS MATERIALIZED (SELECT rowid AS id, bm25(search_fts) AS score FROM search_fts WHERE search_fts MATCH @q),
        found AS MATERIALIZED (
            SELECT e.id, h.score
            FROM hits h JOIN search_keys e ON e.id = h.id{joins}
            WHERE (e.source <> 'amendment' OR @chair OR EXISTS (SELECT 1 FROM amendments a WHERE a.Id = e.source_id
                       AND (a.Status <> 'Withdrawn' OR a.Proposer = @caller OR a.SubmittedBy = @caller)))
              AND (e.source <> 'comment' OR @chair OR EXISTS (SELECT 1 FROM comments c WHERE c.Id = e.source_id AND c.Visibility <> 'Chair')){where}),
        page AS MATERIALIZED (
            SELECT id, score, (SELECT count(*) FROM found) AS total FROM found ORDER BY score, id LIMIT @limit OFFSET @offset)
        SELECT e.id, e.source, e.source_id, e.document_id, e.block_id, e.language, e.version, e.label, e.body,
               d.Symbol, d.Kind, d.Status, d.AdoptedOn, b.Label, b.Status, a.Number, a.Status, a.Proposer,
               p.score, p.total
        FROM page p
        JOIN search_entries e ON e.id = p.id
        JOIN documents d ON d.Id = e.document_id
        LEFT JOIN blocks b ON b.Id = e.block_id
        LEFT JOIN amendments a ON e.source = 'amendment' AND a.Id = e.source_id
        ORDER BY p.score, e.id
        """;

    private const string PostgresSelect = """
        WITH page AS MATERIALIZED (
            SELECT e.id, ts_rank(e.vector, @q::tsquery) AS score, count(*) OVER () AS total
            FROM search_entries e{joins}
            WHERE e.vector @@ @q::tsquery
              AND (e.source <> 'amendment' OR @chair OR EXISTS (SELECT 1 FROM amendments a
                       WHERE a."Id" = CASE WHEN e.source = 'amendment' THEN e.source_id::uuid END
                       AND (a."Status" <> 'Withdrawn' OR a."Proposer" = @caller OR a."SubmittedBy" = @caller)))
              AND (e.source <> 'comment' OR @chair OR EXISTS (SELECT 1 FROM comments c
                       WHERE c."Id" = CASE WHEN e.source = 'comment' THEN e.source_id::uuid END AND c."Visibility" <> 'Chair')){where}
            ORDER BY score DESC, e.id LIMIT @limit OFFSET @offset)
        SELECT e.id, e.source, e.source_id, e.document_id::text, e.block_id::text, e.language, e.version, e.label, e.body,
               d."Symbol", d."Kind", d."Status", d."AdoptedOn"::text, b."Label", b."Status", a."Number", a."Status", a."Proposer",
               p.score, p.total
        FROM page p
        JOIN search_entries e ON e.id = p.id
        JOIN documents d ON d."Id" = e.document_id
        LEFT JOIN blocks b ON b."Id" = e.block_id
        LEFT JOIN amendments a ON a."Id" = CASE WHEN e.source = 'amendment' THEN e.source_id::uuid END
        ORDER BY p.score DESC, e.id
        """;

    private sealed record Row(string Source, string SourceId, Guid DocumentId, Guid? BlockId, string Language, int? Version, string? VersionLabel,
        string Body, string Symbol, DocumentKind Kind, DocumentStatus DocumentStatus, DateOnly? AdoptedOn, string? Label, BlockStatus? BlockStatus,
        int? AmendmentNumber, string? AmendmentStatus, string? Proposer, double Score)
    {
        public static Row Read(DbDataReader r) => new(
            r.GetString(1), r.GetString(2), Guid.Parse(r.GetString(3)), r.IsDBNull(4) ? null : Guid.Parse(r.GetString(4)), r.GetString(5),
            r.IsDBNull(6) ? null : Convert.ToInt32(r.GetValue(6), System.Globalization.CultureInfo.InvariantCulture), r.IsDBNull(7) ? null : r.GetString(7),
            r.GetString(8), r.GetString(9), Enum.Parse<DocumentKind>(r.GetString(10)), Enum.Parse<DocumentStatus>(r.GetString(11)),
            r.IsDBNull(12) ? null : DateOnly.Parse(r.GetString(12), System.Globalization.CultureInfo.InvariantCulture),
            r.IsDBNull(13) ? null : r.GetString(13), r.IsDBNull(14) ? null : Enum.Parse<BlockStatus>(r.GetString(14)),
            r.IsDBNull(15) ? null : Convert.ToInt32(r.GetValue(15), System.Globalization.CultureInfo.InvariantCulture),
            r.IsDBNull(16) ? null : r.GetString(16), r.IsDBNull(17) ? null : r.GetString(17),
            Convert.ToDouble(r.GetValue(18), System.Globalization.CultureInfo.InvariantCulture));

        public SearchResult ToResult(SearchQuery query)
        {
            var type = SearchResult.TypeOf(Source);
            var standing = DocumentStatus == DocumentStatus.Adopted || BlockStatus == Domain.Documents.BlockStatus.Adopted ? SearchStanding.Adopted
                : BlockStatus == Domain.Documents.BlockStatus.AgreedAdRef ? SearchStanding.AgreedAdRef
                : SearchStanding.Pending;
            var snippet = Snippet.Of(Domain.Text.BracketedText.ReferencesAsLabels(Body), query, Stemmers.For(Language));
            return new SearchResult(type, DocumentId, Symbol, Kind, AdoptedOn, BlockId,
                type == SearchResultType.Version ? VersionLabel : Label, standing, Language,
                Snippet: new SnippetDto(snippet.Text, snippet.Highlights.Select(h => new HighlightDto(h.Start, h.Length)).ToList()))
            {
                Version = Version,
                AmendmentId = type == SearchResultType.Amendment ? Guid.Parse(SourceId) : null,
                AmendmentNumber = AmendmentNumber,
                AmendmentStatus = AmendmentStatus?.ToLowerInvariant(),
                Proposer = Proposer,
                CommentId = type == SearchResultType.Comment ? Guid.Parse(SourceId) : null,
            };
        }
    }
}
