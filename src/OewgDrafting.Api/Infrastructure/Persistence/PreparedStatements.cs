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

    /// <summary>The command for <paramref name="sql"/> on this connection: created and prepared the first time, then reused.</summary>
    public static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql)
    {
        var commands = Prepared.GetOrCreateValue(connection);
        if (!commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            commands[sql] = command;
        }

        command.Transaction = transaction;
        command.Parameters.Clear();
        return command;
    }

    /// <summary>Adds a parameter for a value of <paramref name="property"/>, converted as EF Core converts it.</summary>
    public static void Bind(DbCommand command, string name, IProperty property, object? value) =>
        command.Parameters.Add(property.GetRelationalTypeMapping().CreateParameter(command, name, value, property.IsNullable));

    /// <summary>
    /// True when rows of this entity can be inserted alone and in any order: no value made by the store to read back,
    /// and no other row that may be inserted with it referring to it.
    /// </summary>
    public static bool IsPlainInsert(IEntityType type) =>
        type.GetTableName() is not null
        && type.GetProperties().All(p => (p.ValueGenerated & ValueGenerated.OnAdd) == 0)
        && !type.GetReferencingForeignKeys().Any()
        && !type.GetNavigations().Any(n => n.TargetEntityType.IsOwned());

    /// <summary>Inserts an added entity with a prepared INSERT, and tells the change tracker it is saved.</summary>
    public static async Task InsertAsync(DbConnection connection, DbTransaction transaction, EntityEntry entry, CancellationToken cancellationToken)
    {
        var type = entry.Metadata;
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        var properties = type.GetProperties().ToList();
        var command = Command(connection, transaction, InsertSql(type, table, properties));
        for (var i = 0; i < properties.Count; i++)
        {
            Bind(command, "@p" + i, properties[i], entry.Property(properties[i]).CurrentValue);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
        entry.State = EntityState.Unchanged;
    }

    private static readonly ConditionalWeakTable<IEntityType, string> InsertSqls = new();

    private static string InsertSql(IEntityType type, StoreObjectIdentifier table, List<IProperty> properties) =>
        InsertSqls.GetValue(type, _ =>
        {
            var sql = new StringBuilder("INSERT INTO ").Append(Quote(table.Name)).Append(" (");
            sql.AppendJoin(", ", properties.Select(p => Quote(p.GetColumnName(table)!)));
            sql.Append(") VALUES (").AppendJoin(", ", properties.Select((_, i) => "@p" + i)).Append(')');
            return sql.ToString();
        });

    /// <summary>SQLite and PostgreSQL both quote identifiers with double quotes.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
