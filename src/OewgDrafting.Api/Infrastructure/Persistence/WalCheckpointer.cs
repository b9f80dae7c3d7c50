using Microsoft.Data.Sqlite;

namespace OewgDrafting.Api.Infrastructure.Persistence;

/// <summary>
/// Copies SQLite's write-ahead log back into the database file, beside the writer rather than in its way. Left to
/// itself, SQLite checkpoints on the connection that commits, once the log passes a thousand pages: that commit
/// then also writes those pages into the database file and syncs it, and every writer queued behind it waits (it
/// was the longest stall under load). The writer connection turns that off
/// (<c>wal_autocheckpoint=0</c>, see <see cref="DraftingConnections"/>), and this service runs a passive checkpoint on
/// its own connection and thread a few times a second: it never blocks the writer or a reader, copies what no reader
/// still needs, and the writer starts the log afresh once all of it is copied. Durability is unchanged: each commit
/// is synced in the log (<c>synchronous=FULL</c>) before anyone is answered; the checkpoint syncs the database file.
/// </summary>
public sealed class WalCheckpointer(
    DraftingConnections connections, Microsoft.Extensions.Options.IOptions<GroupCommitOptions> options, ILogger<WalCheckpointer> logger,
    Http.StartupGate gate) : BackgroundService
{
    /// <summary>How often the log is copied back (<c>Writes:CheckpointInterval</c>): the shorter, the less each copy writes.</summary>
    private readonly TimeSpan _interval = options.Value.CheckpointInterval > TimeSpan.Zero
        ? options.Value.CheckpointInterval
        : new GroupCommitOptions().CheckpointInterval;

    private long _checkpoints;

    /// <summary>Passive checkpoints run so far (for tests).</summary>
    public long Checkpoints => Interlocked.Read(ref _checkpoints);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Not beside the migrations: only once the database is prepared.
        if (!await gate.WaitAsync(stoppingToken))
        {
            return;
        }

        // Its own thread: a checkpoint is a blocking call that may take tens of milliseconds of disk writes.
        await Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private void Run(CancellationToken stoppingToken)
    {
        SqliteConnection? connection = null;
        try
        {
            while (!stoppingToken.WaitHandle.WaitOne(_interval))
            {
                try
                {
                    connection ??= Open();
                    Checkpoint(connection);
                }
                catch (SqliteException e)
                {
                    // A failed checkpoint loses nothing (the log still holds every commit); the next one retries.
                    logger.LogWarning(e, "A checkpoint of the SQLite write-ahead log failed; retrying.");
                    connection?.Dispose();
                    connection = null;
                }
            }

            if (connection is not null)
            {
                // On the way out, leave the log copied back for the next start.
                Checkpoint(connection);
            }
        }
        catch (SqliteException e)
        {
            logger.LogWarning(e, "The last checkpoint of the SQLite write-ahead log failed; SQLite completes it on the next start.");
        }
        finally
        {
            connection?.Dispose();
        }
    }

    private SqliteConnection Open()
    {
        var connection = (SqliteConnection)connections.Create();
        connection.Open();
        return connection;
    }

    private void Checkpoint(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        command.ExecuteNonQuery();
        Interlocked.Increment(ref _checkpoints);
    }
}
