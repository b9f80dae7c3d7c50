using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace OewgDrafting.Api.Infrastructure.Persistence;

/// <summary>Opens the connections the group committer writes on, for the configured provider.</summary>
public sealed class DraftingConnections(DatabaseProvider provider, string connectionString)
{
    public DatabaseProvider Provider { get; } = provider;

    /// <summary>SQLite admits one writer per file: every write joins one queue. PostgreSQL locks rows: one queue per document.</summary>
    public bool SingleWriter => Provider == DatabaseProvider.Sqlite;

    public DbConnection Create() => Provider == DatabaseProvider.Sqlite
        ? new SqliteConnection(connectionString)
        : new NpgsqlConnection(connectionString);

    /// <summary>
    /// SQLite runs in WAL mode with synchronous=FULL: every commit is on disk before anyone is answered. Group commit
    /// makes that affordable (one fsync per batch); durability is not traded for speed.
    /// </summary>
    public async Task PrepareWriterAsync(DbConnection connection)
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous=FULL;";
            await command.ExecuteNonQueryAsync();
        }
    }

    /// <summary>On SQLite, BEGIN IMMEDIATE takes the write lock at once, so a batch never fails half-way on a busy file.</summary>
    public async Task<DbTransaction> BeginWriteAsync(DbConnection connection) => connection is SqliteConnection sqlite
        ? sqlite.BeginTransaction(deferred: false)
        : await connection.BeginTransactionAsync();
}
