using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace OewgDrafting.Api.Infrastructure.Persistence;

/// <summary>Opens the connections the group committer writes on, for the configured provider.</summary>
public sealed class DraftingConnections(DatabaseProvider provider, string connectionString) : IAsyncDisposable
{
    private DbConnection? _sqliteWriter;

    public DatabaseProvider Provider { get; } = provider;

    public string ConnectionString => connectionString;

    /// <summary>SQLite admits one writer per file: every write joins one queue. PostgreSQL locks rows: one queue per document.</summary>
    public bool SingleWriter => Provider == DatabaseProvider.Sqlite;

    public DbConnection Create() => Provider == DatabaseProvider.Sqlite
        ? new SqliteConnection(connectionString)
        : new NpgsqlConnection(connectionString);

    /// <summary>
    /// The connection a batch writes on. SQLite has one writer at a time: it keeps one open connection, so that the
    /// statements prepared on it serve every batch. PostgreSQL takes one from the pool per batch.
    /// </summary>
    public async Task<DbConnection> OpenWriterAsync()
    {
        if (Provider == DatabaseProvider.Sqlite && _sqliteWriter is { State: System.Data.ConnectionState.Open } open)
        {
            return open;
        }

        var connection = Create();
        try
        {
            await connection.OpenAsync();
            await PrepareWriterAsync(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        if (Provider == DatabaseProvider.Sqlite)
        {
            _sqliteWriter = connection;
        }

        return connection;
    }

    /// <summary>Gives back a batch's connection; a broken SQLite writer is closed and opened afresh for the next batch.</summary>
    public async Task ReturnWriterAsync(DbConnection connection, bool broken)
    {
        if (Provider == DatabaseProvider.Sqlite && !broken && ReferenceEquals(connection, _sqliteWriter))
        {
            return;
        }

        if (ReferenceEquals(connection, _sqliteWriter))
        {
            _sqliteWriter = null;
        }

        await connection.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_sqliteWriter is { } writer)
        {
            _sqliteWriter = null;
            await writer.DisposeAsync();
        }
    }

    /// <summary>
    /// SQLite runs in WAL mode with synchronous=FULL: every commit is on disk before anyone is answered. Group commit
    /// makes that affordable (one fsync per batch); durability is not traded for speed. The writer does not copy the
    /// log back into the database file itself: <see cref="WalCheckpointer"/> does, beside it.
    /// </summary>
    private async Task PrepareWriterAsync(DbConnection connection)
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            // As EF Core's own SQLite connections: foreign keys enforced.
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA wal_autocheckpoint=0;";
            await command.ExecuteNonQueryAsync();
            Search.SqliteSearchFunctions.Register(connection, indexesAtCommit: true);
        }
    }

    /// <summary>PostgreSQL NOTIFY on the change channel, in the transaction about to commit (delivered on commit).</summary>
    public DbCommand AnnouncementCommand(DbConnection connection, DbTransaction transaction, IEnumerable<string> payloads)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        var i = 0;
        foreach (var payload in payloads)
        {
            command.Parameters.Add(new NpgsqlParameter($"p{i}", payload));
            i++;
        }

        command.CommandText = "SELECT " + string.Join(", ", Enumerable.Range(0, i).Select(n =>
            $"pg_notify('{Events.PostgresDocumentChangeNotifier.Channel}', @p{n})"));
        return command;
    }

    /// <summary>
    /// Npgsql prepares the statements a connection runs often unless the connection string decides otherwise: the
    /// server then plans each of the hot queries once per connection rather than at every execution.
    /// </summary>
    public static string WithAutoPrepare(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Max Auto Prepare", StringComparison.OrdinalIgnoreCase)
            && !connectionString.Contains("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }

        return builder.ConnectionString;
    }

    /// <summary>On SQLite, BEGIN IMMEDIATE takes the write lock at once, so a batch never fails half-way on a busy file.</summary>
    public async Task<DbTransaction> BeginWriteAsync(DbConnection connection) => connection is SqliteConnection sqlite
        ? sqlite.BeginTransaction(deferred: false)
        : await connection.BeginTransactionAsync();
}
