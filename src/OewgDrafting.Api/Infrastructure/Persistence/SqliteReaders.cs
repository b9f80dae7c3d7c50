using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace OewgDrafting.Api.Infrastructure.Persistence;

/// <summary>
/// SQLite: a few reader connections kept open, each with its statements prepared once, for the one query every
/// proposal's answer runs after its commit (its collisions, see <c>DescribeProposal</c>). Through EF Core that query
/// cost more than anything else in the answer, and not for its rows (an index that answered it alone was no faster):
/// a connection taken from the pool and set up, the statement compiled anew (a prepared statement lives with its
/// command, and EF Core makes a command per query), the results materialised. Each execution still reads the database as
/// it is at that moment (a statement outside a transaction is its own read transaction).
/// </summary>
public sealed class SqliteReaders(DraftingConnections connections) : IDisposable
{
    /// <summary>Most idle readers kept; more are opened under load and closed when given back.</summary>
    public const int MaxIdle = 16;

    private readonly ConcurrentBag<Reader> _idle = [];
    private bool _disposed;

    /// <summary>Runs <paramref name="sql"/> (prepared once per reader) and reads its rows with <paramref name="read"/>.</summary>
    public async Task<T> ReadAsync<T>(string sql, Action<DbCommand> bind, Func<DbDataReader, CancellationToken, Task<T>> read,
        CancellationToken cancellationToken)
    {
        if (!_idle.TryTake(out var reader))
        {
            reader = await Reader.OpenAsync(connections.ConnectionString, cancellationToken);
        }

        var keep = false;
        try
        {
            var command = reader.Command(sql);
            bind(command);
            T result;
            await using (var rows = await command.ExecuteReaderAsync(cancellationToken))
            {
                result = await read(rows, cancellationToken);
            }

            keep = true;
            return result;
        }
        finally
        {
            // A reader that failed half-way (or was cancelled) is not trusted again.
            if (keep && !_disposed && _idle.Count < MaxIdle)
            {
                _idle.Add(reader);
            }
            else
            {
                reader.Dispose();
            }
        }
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var reader))
        {
            reader.Dispose();
        }
    }

    private sealed class Reader(SqliteConnection connection) : IDisposable
    {
        private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

        public static async Task<Reader> OpenAsync(string connectionString, CancellationToken cancellationToken)
        {
            var connection = new SqliteConnection(connectionString);
            try
            {
                await connection.OpenAsync(cancellationToken);
                return new Reader(connection);
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        }

        public SqliteCommand Command(string sql)
        {
            if (!_commands.TryGetValue(sql, out var command))
            {
                command = connection.CreateCommand();
                command.CommandText = sql;
                _commands[sql] = command;
            }

            command.Parameters.Clear();
            return command;
        }

        public void Dispose()
        {
            foreach (var command in _commands.Values)
            {
                command.Dispose();
            }

            connection.Dispose();
        }
    }
}
