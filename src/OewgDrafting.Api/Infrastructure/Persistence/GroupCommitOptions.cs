namespace OewgDrafting.Api.Infrastructure.Persistence;

/// <summary>Settings of the group commit (<see cref="GroupCommitter"/>), under <c>Writes</c>.</summary>
public sealed class GroupCommitOptions
{
    public const string Section = "Writes";

    /// <summary>Most commands committed in one transaction; a longer queue is committed in several.</summary>
    public int? MaxBatch { get; set; }

    /// <summary>
    /// SQLite's one writer serves every document, so its batches stay small enough for the writer to go on with the next
    /// while the last one's answers are sent; PostgreSQL has a queue per document and one row lock and commit a batch.
    /// </summary>
    public int MaxBatchFor(bool singleWriter) => Math.Max(1, MaxBatch ?? (singleWriter ? 48 : 256));

    /// <summary>SQLite: how often <see cref="WalCheckpointer"/> copies the write-ahead log back into the database file.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}
