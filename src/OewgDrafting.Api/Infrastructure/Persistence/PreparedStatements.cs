using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace OewgDrafting.Api.Infrastructure.Persistence;

/// <summary>
/// The statements a command runs in its turn, prepared once per connection and executed again with new values.
/// Inside the write queue every microsecond is paid by every writer behind it; EF Core builds and parses each
/// statement anew (a quarter of a millisecond for two inserts on this project's machine), so the few statements
/// of the queue's hot path are written here, from EF Core's own model: table and column names, and parameters
/// created by the properties' type mappings (value converters included), exactly as SaveChanges would bind them.
/// </summary>
public static class PreparedStatements
{
    private static readonly ConditionalWeakTable<DbConnection, Dictionary<string, DbCommand>> Prepared = new();

    /// <summary>
    /// The command for <paramref name="sql"/> on this connection. On SQLite it is created and prepared the first time,
    /// then reused. On PostgreSQL a new command is made each time: Npgsql prepares statements by their text on the
    /// physical connection itself (auto-prepare), and a reused command keeps the parameters it was prepared with.
    /// </summary>
    public static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql)
    {
        DbCommand? command;
        if (connection is Microsoft.Data.Sqlite.SqliteConnection)
        {
            var commands = Prepared.GetOrCreateValue(connection);
            if (!commands.TryGetValue(sql, out command))
            {
                command = connection.CreateCommand();
                command.CommandText = sql;
                commands[sql] = command;
            }

            command.Parameters.Clear();
        }
        else
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
        }

        command.Transaction = transaction;
        return command;
    }

    /// <summary>Adds a parameter for a value of <paramref name="property"/>, converted as EF Core converts it.</summary>
    public static void Bind(DbCommand command, string name, IProperty property, object? value) =>
        command.Parameters.Add(property.GetRelationalTypeMapping().CreateParameter(command, name, value, property.IsNullable));

    /// <summary>
    /// True when rows of this entity can be inserted alone and in any order: no value made by the store to read back,
    /// and no other row that may be inserted with it referring to it.
    /// </summary>
    public static bool IsPlainInsert(IEntityType type) => PlainInserts.GetOrAdd(type, static type =>
        type.GetTableName() is not null
        && type.GetProperties().All(p => (p.ValueGenerated & ValueGenerated.OnAdd) == 0)
        && !type.GetReferencingForeignKeys().Any()
        && !type.GetNavigations().Any(n => n.TargetEntityType.IsOwned()));

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<IEntityType, bool> PlainInserts = new();

    /// <summary>
    /// True when rows of this entity can also be inserted without EF Core's change tracker (<see cref="NewRow"/>): a
    /// plain insert whose every column is a property of the entity's class (no shadow property to keep elsewhere).
    /// </summary>
    public static bool IsUntrackedInsert(IEntityType type) => UntrackedInserts.GetOrAdd(type, static type =>
        IsPlainInsert(type) && type.GetProperties().All(p => !p.IsShadowProperty()));

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<IEntityType, bool> UntrackedInserts = new();

    /// <summary>
    /// Inserts added rows with one prepared command (their INSERTs, then <paramref name="then"/>: one round trip), and
    /// tells the change tracker that the tracked ones are saved.
    /// </summary>
    public static Task InsertAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<NewRow> rows, string then,
        CancellationToken cancellationToken, string before = "") =>
        InsertAsync(connection, transaction, rows, before, then, guard: null, cancellationToken);

    /// <summary>
    /// The INSERT of each added row, one statement each, bound but not sent (<see cref="WriteTurn.Defer"/>), and tells
    /// the change tracker the tracked ones are saved: from here their fate is the batch's.
    /// </summary>
    public static IReadOnlyList<DeferredStatement> InsertStatements(DbConnection connection, IReadOnlyList<NewRow> rows)
    {
        var statements = new DeferredStatement[rows.Count];
        using var scratch = connection.CreateCommand();
        for (var e = 0; e < rows.Count; e++)
        {
            var type = rows[e].Type;
            var properties = Properties(type);
            var parameters = new DbParameter[properties.Length];
            for (var i = 0; i < properties.Length; i++)
            {
                parameters[i] = properties[i].GetRelationalTypeMapping()
                    .CreateParameter(scratch, ParameterName(0, i), rows[e].Value(properties[i]), properties[i].IsNullable);
            }

            statements[e] = new DeferredStatement(SingleInserts.GetOrAdd(type, static t => InsertSql([t], "", "", null).TrimEnd(' ', ';')), parameters);
        }

        Saved(rows);
        return statements;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<IEntityType, string> SingleInserts = new();

    /// <summary>
    /// The same, behind a <paramref name="guard"/>: its query (<see cref="InsertGuard.Sql"/>) runs first in the same
    /// round trip, and each row is inserted only where its condition holds, so that a command whose check fails there
    /// writes nothing. The guard's results are read before the inserts' rows are counted as saved.
    /// </summary>
    public static Task InsertAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<NewRow> rows, string then,
        InsertGuard guard, CancellationToken cancellationToken) =>
        InsertAsync(connection, transaction, rows, guard.Before, then, guard, cancellationToken);

    private static async Task InsertAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<NewRow> rows, string before,
        string then, InsertGuard? guard, CancellationToken cancellationToken)
    {
        var shapes = rows.Select(e => e.Type).ToList();
        var key = string.Join('|', shapes.Select(t => t.Name)) + "|" + before + "|" + then + (guard is null ? "" : "|" + guard.Sql + "|" + guard.Condition);
        var sql = InsertSqls.GetOrAdd(key, _ => InsertSql(shapes, before, then, guard));
        var command = Command(connection, transaction, sql);
        for (var e = 0; e < rows.Count; e++)
        {
            var properties = Properties(shapes[e]);
            for (var i = 0; i < properties.Length; i++)
            {
                Bind(command, ParameterName(e, i), properties[i], rows[e].Value(properties[i]));
            }
        }

        if (guard is null)
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        else
        {
            guard.Bind(command);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await NextRowsAsync(reader, first: true, cancellationToken);
            await guard.ReadAsync(reader, cancellationToken);
            // The inserts and the release that follow return no rows; they have run once the reader is done.
            while (await reader.NextResultAsync(cancellationToken))
            {
            }
        }

        Saved(rows);
    }

    private static void Saved(IReadOnlyList<NewRow> rows)
    {
        foreach (var row in rows)
        {
            if (row.Entry is { } entry)
            {
                entry.State = EntityState.Unchanged;
            }
        }
    }

    /// <summary>The name of the parameter for row <paramref name="row"/>'s column <paramref name="column"/> (made once).</summary>
    private static string ParameterName(int row, int column)
    {
        var names = ParameterNames;
        if (row < names.Length && column < names[row].Length)
        {
            return names[row][column];
        }

        return $"@e{row}p{column}";
    }

    private static readonly string[][] ParameterNames =
        Enumerable.Range(0, 4).Select(r => Enumerable.Range(0, 48).Select(c => $"@e{r}p{c}").ToArray()).ToArray();

    /// <summary>Moves a reader of several statements to the next one that returns rows (statements such as SAVEPOINT return none).</summary>
    public static async Task<bool> NextRowsAsync(DbDataReader reader, bool first, CancellationToken cancellationToken)
    {
        if (!first && !await reader.NextResultAsync(cancellationToken))
        {
            return false;
        }

        while (reader.FieldCount == 0)
        {
            if (!await reader.NextResultAsync(cancellationToken))
            {
                return false;
            }
        }

        return true;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> InsertSqls = new(StringComparer.Ordinal);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<IEntityType, IProperty[]> PropertiesOf = new();

    private static IProperty[] Properties(IEntityType type) => PropertiesOf.GetOrAdd(type, static t => t.GetProperties().ToArray());

    private static string InsertSql(List<IEntityType> types, string before, string then, InsertGuard? guard)
    {
        var sql = new StringBuilder(before);
        if (guard is not null)
        {
            // A first result that is surely a row set: the guard's reader starts past it, as after a document's head.
            sql.Append("SELECT 1; ").Append(guard.Sql).Append("; ");
        }

        for (var e = 0; e < types.Count; e++)
        {
            var table = StoreObjectIdentifier.Table(types[e].GetTableName()!, types[e].GetSchema());
            var properties = Properties(types[e]);
            sql.Append("INSERT INTO ").Append(Quote(table.Name)).Append(" (");
            sql.AppendJoin(", ", properties.Select(p => Quote(p.GetColumnName(table)!)));
            if (guard is null)
            {
                sql.Append(") VALUES (").AppendJoin(", ", properties.Select((_, i) => $"@e{e}p{i}")).Append("); ");
            }
            else
            {
                sql.Append(") SELECT ").AppendJoin(", ", properties.Select((_, i) => $"@e{e}p{i}")).Append(" WHERE ").Append(guard.Condition).Append("; ");
            }
        }

        return sql.Append(then).ToString();
    }

    /// <summary>SQLite and PostgreSQL both quote identifiers with double quotes.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

/// <summary>
/// A row to insert: an entity of a plain-insert type, tracked by EF Core's change tracker (<see cref="Entry"/>) or, when
/// the command changed nothing else (<see cref="PreparedStatements.IsUntrackedInsert"/>), never attached to it: a
/// proposal's amendment and event are inserted without the tracker's cost (its graph walk, its snapshot, its detection
/// of changes) in the write turn, where every writer behind waits for it.
/// </summary>
public readonly record struct NewRow(IEntityType Type, object Entity, EntityEntry? Entry = null)
{
    public static NewRow Of(EntityEntry entry) => new(entry.Metadata, entry.Entity, entry);

    /// <summary>The value of <paramref name="property"/>, as the change tracker would have it (the property of the entity itself).</summary>
    public object? Value(IProperty property) =>
        Entry is { } entry ? entry.Property(property).CurrentValue : property.GetGetter().GetClrValue(Entity);
}

/// <summary>
/// A check sent with a command's inserts instead of before them (one round trip): <see cref="Sql"/> reads what the
/// check needs, <see cref="Condition"/> (an SQL condition on the same parameters) guards every inserted row.
/// <see cref="Before"/> goes in front of everything (the command's savepoint).
/// </summary>
public sealed record InsertGuard(string Before, string Sql, string Condition, Action<DbCommand> Bind,
    Func<DbDataReader, CancellationToken, Task> ReadAsync);
