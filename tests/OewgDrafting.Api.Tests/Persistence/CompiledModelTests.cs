using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using OewgDrafting.Api.Infrastructure.Persistence;

namespace OewgDrafting.Api.Tests.Persistence;

/// <summary>
/// The server starts on EF Core compiled models (Infrastructure/Persistence/Compiled), generated from the entity
/// configurations by <c>dotnet ef dbcontext optimize</c>: building the model at every start cost a third of a second.
/// A compiled model is a copy, so it must be regenerated with every change of the configurations; these tests fail
/// until it is (the command is in docs/architecture.md, "SQLite by default, PostgreSQL beyond one machine").
/// </summary>
public class CompiledModelTests
{
    public static TheoryData<string> Providers => new() { "Sqlite", "Postgres" };

    private static DraftingDbContext Context(string provider) => provider == "Sqlite"
        ? new SqliteDraftingDbContext(new DbContextOptionsBuilder<SqliteDraftingDbContext>().UseSqlite("Data Source=:memory:").Options)
        : new PostgresDraftingDbContext(new DbContextOptionsBuilder<PostgresDraftingDbContext>()
            .UseNpgsql("Host=127.0.0.1;Database=never_opened").Options);

    [Theory]
    [MemberData(nameof(Providers))]
    public void The_context_runs_on_its_compiled_model(string provider)
    {
        using var db = Context(provider);

        var expected = provider == "Sqlite"
            ? (IModel)Api.Infrastructure.Persistence.Compiled.Sqlite.SqliteDraftingDbContextModel.Instance
            : Api.Infrastructure.Persistence.Compiled.Postgres.PostgresDraftingDbContextModel.Instance;
        Assert.Same(expected, db.Model);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void The_compiled_model_matches_the_entity_configurations(string provider)
    {
        using var db = Context(provider);
        var configured = db.GetService<IDesignTimeModel>().Model;
        var compiled = db.Model;

        // Tables, columns (store types, nullability), keys, indexes and foreign keys: what a migration would see.
        AssertSame(Tables(configured), Tables(compiled), provider);
        // And what no migration sees: each property's converter and comparer, and its CLR member.
        AssertSame(Shape(configured), Shape(compiled), provider);
    }

    private static void AssertSame(List<string> configured, List<string> compiled, string provider)
    {
        var missing = configured.Except(compiled).ToList();
        var extra = compiled.Except(configured).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0 && configured.Count == compiled.Count,
            $"The compiled {provider} model is not the configured one: regenerate it (docs/architecture.md). Configured, not compiled: "
            + $"{string.Join("; ", missing)}. Compiled, not configured: {string.Join("; ", extra)}.");
    }

    private static List<string> Tables(IModel model) => model.GetRelationalModel().Tables.OrderBy(t => t.Name)
        .SelectMany(t => t.Columns.OrderBy(c => c.Name).Select(c => $"{t.Name}.{c.Name}: {c.StoreType}{(c.IsNullable ? " NULL" : "")}")
            .Concat([$"{t.Name} key {t.PrimaryKey?.Name} ({string.Join(", ", t.PrimaryKey?.Columns.Select(c => c.Name) ?? [])})"])
            .Concat(t.Indexes.OrderBy(i => i.Name).Select(i => $"{t.Name} index {i.Name} ({string.Join(", ", i.Columns.Select(c => c.Name))}){(i.IsUnique ? " unique" : "")}"))
            .Concat(t.ForeignKeyConstraints.OrderBy(f => f.Name).Select(f =>
                $"{t.Name} foreign key {f.Name} ({string.Join(", ", f.Columns.Select(c => c.Name))}) -> {f.PrincipalTable.Name} {f.OnDeleteAction}")))
        .ToList();

    private static List<string> Shape(IModel model) => model.GetEntityTypes().OrderBy(t => t.Name)
        .SelectMany(t => t.GetProperties().Select(p =>
            $"{t.Name}.{p.Name}: {p.ClrType.Name} as {p.GetValueConverter()?.ProviderClrType.Name ?? "itself"}, "
            + $"{p.PropertyInfo?.Name ?? p.FieldInfo?.Name ?? "shadow"}, token {p.IsConcurrencyToken}, {p.ValueGenerated}, max {p.GetMaxLength()}"))
        .ToList();
}
