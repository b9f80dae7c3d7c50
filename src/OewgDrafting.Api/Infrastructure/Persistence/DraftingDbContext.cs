using Microsoft.EntityFrameworkCore;
using OewgDrafting.Domain.Documents;

namespace OewgDrafting.Api.Infrastructure.Persistence;

/// <summary>
/// One EF Core model for every provider. Each provider has its own small subclass so that it keeps its
/// own migration set (EF Core's multi-provider guidance); handlers depend on this base type only.
/// </summary>
public abstract class DraftingDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Document> Documents => Set<Document>();
    public DbSet<Block> Blocks => Set<Block>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(DraftingDbContext).Assembly);
    }
}

public sealed class SqliteDraftingDbContext(DbContextOptions<SqliteDraftingDbContext> options) : DraftingDbContext(options);
