using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using OewgDrafting.Domain.Search;

namespace OewgDrafting.Api.Infrastructure.Search;

/// <summary>
/// The two functions SQLite's search triggers call (<see cref="SearchIndexSql.Sqlite"/>): a text's normalised words and
/// its stems. SQLite functions belong to a connection, so every connection that may write registers them as it opens:
/// EF Core's, through <see cref="Interceptor"/>, and the group committer's writer.
/// </summary>
public static class SqliteSearchFunctions
{
    public static readonly DbConnectionInterceptor Interceptor = new Registrar();

    public static void Register(DbConnection connection)
    {
        if (connection is not SqliteConnection sqlite)
        {
            return;
        }

        sqlite.CreateFunction("oewg_search_exact", (string? text) => SearchText.Indexed(text), isDeterministic: true);
        sqlite.CreateFunction("oewg_search_stems", (string? text, string? language) => Stemmers.Indexed(text, language), isDeterministic: true);
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
