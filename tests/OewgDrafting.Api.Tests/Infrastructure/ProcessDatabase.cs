namespace OewgDrafting.Api.Tests.Infrastructure;

/// <summary>
/// A database of its own for a test that runs the server as a process (<see cref="ServerProcess"/>): a SQLite file, or a
/// PostgreSQL database in the PostgreSQL pass; removed when disposed.
/// </summary>
public sealed class ProcessDatabase : IDisposable
{
    private readonly string _file;

    public ProcessDatabase(string name)
    {
        _file = Path.Combine(Path.GetTempPath(), "oewgdrafting-tests", $"{name}-{Guid.NewGuid():N}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
        ConnectionString = DraftingApiFactory.OnPostgres
            ? new Npgsql.NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable("OEWG_TEST_POSTGRES"))
            {
                Database = $"oewgtest_{name}_{Guid.NewGuid():N}",
            }.ConnectionString
            : $"Data Source={_file}";
    }

    public string ConnectionString { get; }

    /// <summary>The settings that point a server process at it.</summary>
    public Dictionary<string, string> Settings => new()
    {
        ["Database__Provider"] = DraftingApiFactory.OnPostgres ? "Postgres" : "Sqlite",
        ["ConnectionStrings__Drafting"] = ConnectionString,
    };

    public void Dispose()
    {
        if (DraftingApiFactory.OnPostgres)
        {
            DraftingApiFactory.DropPostgresDatabase(ConnectionString);
            return;
        }

        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_file + suffix);
        }
    }
}
