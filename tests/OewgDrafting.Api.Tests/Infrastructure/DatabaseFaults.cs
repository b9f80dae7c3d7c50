using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OewgDrafting.Api.Infrastructure.Persistence;

namespace OewgDrafting.Api.Tests.Infrastructure;

/// <summary>Faults of the database itself, for tests of what a refused statement must leave behind.</summary>
public static class DatabaseFaults
{
    /// <summary>
    /// Until disposed, the database refuses (a trigger raises) to insert an amendment whose text is <paramref name="text"/>:
    /// on SQLite that statement alone fails, on PostgreSQL the transaction it is in.
    /// </summary>
    public static async Task<IAsyncDisposable> RefuseAmendmentTextAsync(this DraftingApiFactory factory, string text)
    {
        var sqlite = factory.Services.GetRequiredService<DraftingConnections>().SingleWriter;
        var quoted = text.Replace("'", "''", StringComparison.Ordinal);
        await factory.ExecuteSqlAsync(sqlite
            ? $"CREATE TRIGGER refuse_test BEFORE INSERT ON amendments WHEN NEW.\"Text\" = '{quoted}' BEGIN SELECT RAISE(ABORT, 'refused by a test'); END"
            : $"CREATE FUNCTION refuse_test() RETURNS trigger AS $$ BEGIN IF NEW.\"Text\" = '{quoted}' THEN RAISE EXCEPTION 'refused by a test'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql; "
              + "CREATE TRIGGER refuse_test BEFORE INSERT ON amendments FOR EACH ROW EXECUTE FUNCTION refuse_test()");
        return new Drop(() => factory.ExecuteSqlAsync(sqlite ? "DROP TRIGGER refuse_test" : "DROP TRIGGER refuse_test ON amendments; DROP FUNCTION refuse_test()"));
    }

    private static async Task ExecuteSqlAsync(this DraftingApiFactory factory, string sql)
    {
        await using var scope = factory.Services.CreateAsyncScope();
#pragma warning disable EF1002 // Test DDL built from constants and a quoted literal.
        await scope.ServiceProvider.GetRequiredService<DraftingDbContext>().Database.ExecuteSqlRawAsync(sql);
#pragma warning restore EF1002
    }

    private sealed class Drop(Func<Task> drop) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await drop();
    }
}
