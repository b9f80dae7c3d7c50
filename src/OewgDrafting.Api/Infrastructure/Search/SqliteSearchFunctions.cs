using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using OewgDrafting.Domain.Search;

namespace OewgDrafting.Api.Infrastructure.Search;

/// <summary>
/// The functions SQLite's search triggers call (<see cref="SearchIndexSql.Sqlite"/>): a text's normalised words, its
/// stems, and whether the connection indexes new amendments at commit (the group committer's writer, which runs
/// <see cref="SearchIndexSql.IndexPendingSqlite"/> before each commit) or at once (every other connection). SQLite
/// functions belong to a connection, so every connection that may write registers them as it opens: EF Core's,
/// through <see cref="Interceptor"/>, and the group committer's writer.
/// </summary>
public static class SqliteSearchFunctions
{
    public static readonly DbConnectionInterceptor Interceptor = new Registrar();

    public static void Register(DbConnection connection, bool indexesAtCommit = false)
    {
        if (connection is not SqliteConnection sqlite)
        {
            return;
        }

        sqlite.CreateFunction("oewg_search_exact", (string? text) => text is null ? string.Empty : SearchText.Indexed(WordsOf(text)), isDeterministic: true);
        sqlite.CreateFunction("oewg_search_stems", (string? text, string? language) => text is null ? string.Empty : Stemmers.Indexed(text, WordsOf(text), language),
            isDeterministic: true);
        var atCommit = indexesAtCommit ? 1 : 0;
        sqlite.CreateFunction("oewg_search_at_commit", () => atCommit);
    }

    // The index's trigger asks for a text's words and then for its stems, on the writer's thread: the second call
    // reuses the first one's reading of the text.
    [ThreadStatic]
    private static string? _lastText;

    [ThreadStatic]
    private static List<TextWord>? _lastWords;

    private static List<TextWord> WordsOf(string text)
    {
        if (_lastWords is null || !string.Equals(_lastText, text, StringComparison.Ordinal))
        {
            _lastWords = SearchText.Words(text);
            _lastText = text;
        }

        return _lastWords;
    }

    private sealed class Registrar : DbConnectionInterceptor
    {
        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Register(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Register(connection);
            return Task.CompletedTask;
        }
    }
}
