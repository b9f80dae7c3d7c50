using Microsoft.EntityFrameworkCore;
using OewgDrafting.Domain.Amendments;
using OewgDrafting.Domain.Delegations;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Events;
using OewgDrafting.Domain.Positions;
using OewgDrafting.Domain.Revisions;
using OewgDrafting.Domain.Silence;

namespace OewgDrafting.Api.Infrastructure.Persistence;

/// <summary>
/// One EF Core model for every provider. Each provider has its own small subclass so that it keeps its
/// own migration set (EF Core's multi-provider guidance); handlers depend on this base type only.
/// </summary>
public abstract class DraftingDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Document> Documents => Set<Document>();
    public DbSet<Block> Blocks => Set<Block>();
    public DbSet<Delegation> Delegations => Set<Delegation>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<DocumentEvent> DocumentEvents => Set<DocumentEvent>();
    public DbSet<RegistryEvent> RegistryEvents => Set<RegistryEvent>();
    public DbSet<Amendment> Amendments => Set<Amendment>();
    public DbSet<BlockRevision> BlockRevisions => Set<BlockRevision>();
    public DbSet<Position> Positions => Set<Position>();
    public DbSet<Explanation> Explanations => Set<Explanation>();
    public DbSet<SilenceProcedure> SilenceProcedures => Set<SilenceProcedure>();
    public DbSet<Revision> Revisions => Set<Revision>();
    public DbSet<Adoption> Adoptions => Set<Adoption>();
    public DbSet<Domain.Languages.LanguageVersion> LanguageVersions => Set<Domain.Languages.LanguageVersion>();
    public DbSet<Domain.Languages.TranslatedBlock> TranslatedBlocks => Set<Domain.Languages.TranslatedBlock>();
    public DbSet<Domain.Comments.Comment> Comments => Set<Domain.Comments.Comment>();
    public DbSet<Domain.Meetings.TablingDeadline> TablingDeadlines => Set<Domain.Meetings.TablingDeadline>();
    public DbSet<Domain.Meetings.ProposedHandling> ProposedHandlings => Set<Domain.Meetings.ProposedHandling>();
    public DbSet<Domain.Meetings.TablePointer> TablePointers => Set<Domain.Meetings.TablePointer>();
    public DbSet<Domain.Meetings.Cluster> Clusters => Set<Domain.Meetings.Cluster>();
    public DbSet<Domain.Webhooks.WebhookSubscription> WebhookSubscriptions => Set<Domain.Webhooks.WebhookSubscription>();
    public DbSet<Domain.Webhooks.WebhookCursor> WebhookCursors => Set<Domain.Webhooks.WebhookCursor>();
    public DbSet<Domain.Webhooks.WebhookDelivery> WebhookDeliveries => Set<Domain.Webhooks.WebhookDelivery>();

    /// <summary>
    /// Keeps each block version's text, whatever path changed it (once per version, however often it is called). What
    /// was captured is read from the change tracker, which a pooled context clears between requests.
    /// </summary>
    public void CaptureBlockRevisions()
    {
        HashSet<(Guid, int)>? captured = null;
        foreach (var entry in ChangeTracker.Entries<Block>().ToList())
        {
            if (entry.State == EntityState.Added
                || (entry.State == EntityState.Modified && entry.Property(b => b.Version).IsModified))
            {
                captured ??= ChangeTracker.Entries<BlockRevision>().Select(r => (r.Entity.BlockId, r.Entity.Version)).ToHashSet();
                if (captured.Add((entry.Entity.Id, entry.Entity.Version)))
                {
                    BlockRevisions.Add(BlockRevision.Of(entry.Entity));
                }
            }
        }
    }

    /// <summary>
    /// Paragraphs changed or deleted by SaveChanges inside a command (before its journal saves the rest): the journal
    /// takes them with its own (<see cref="TakeChangedBlocks"/>) to drop their snapshots (<see cref="Caching.BlockSnapshots"/>).
    /// </summary>
    private readonly List<Guid> _savedBlockChanges = [];

    /// <summary>The paragraphs the tracker holds as changed or deleted (changes detected as the tracker is set to).</summary>
    private IEnumerable<Guid> ChangedBlocks() =>
        ChangeTracker.Entries<Block>().Where(e => e.State is EntityState.Modified or EntityState.Deleted).Select(e => e.Entity.Id);

    /// <summary>The paragraphs this context changed or deleted since it was last asked: tracked now, or saved midway.</summary>
    internal List<Guid> TakeChangedBlocks()
    {
        var changed = ChangedBlocks().Concat(_savedBlockChanges).ToList();
        _savedBlockChanges.Clear();
        return changed;
    }

    /// <summary>Forgets paragraphs saved since the last <see cref="TakeChangedBlocks"/> (a pooled context starts clean).</summary>
    internal void ForgetChangedBlocks() => _savedBlockChanges.Clear();

    /// <summary>
    /// What this context saved of amendments since it was last asked (<see cref="TakeAmendmentChanges"/>): after the
    /// commit that holds them, the in-memory pending amendments follow (<see cref="Caching.PendingAmendments"/>).
    /// </summary>
    private readonly List<Caching.PendingAmendments.Change> _amendmentChanges = [];

    /// <summary>
    /// Notes the amendments the tracker holds as added, changed or deleted (changes detected as the tracker is set to),
    /// and <paramref name="untracked"/>, added without it (<see cref="PreparedStatements.IsUntrackedInsert"/>).
    /// </summary>
    internal void CaptureAmendmentChanges(IEnumerable<Amendment>? untracked = null)
    {
        foreach (var amendment in untracked ?? [])
        {
            Added(amendment);
        }

        foreach (var entry in ChangeTracker.Entries<Amendment>())
        {
            var amendment = entry.Entity;
            switch (entry.State)
            {
                case EntityState.Added:
                    Added(amendment);
                    break;
                case EntityState.Modified or EntityState.Deleted:
                    var was = entry.Property(a => a.BlockId).OriginalValue;
                    _amendmentChanges.Add(new(amendment.DocumentId, amendment.BlockId, null));
                    if (was != amendment.BlockId)
                    {
                        _amendmentChanges.Add(new(amendment.DocumentId, was, null));
                    }

                    break;
            }
        }
    }

    // A sub-amendment targets its parent's words: it is no candidate for collisions with the paragraph's amendments.
    private void Added(Amendment amendment) => _amendmentChanges.Add(new(amendment.DocumentId, amendment.BlockId,
        amendment.Status == AmendmentStatus.Proposed && amendment.ParentId is null ? Features.Amendments.CandidateAmendment.Of(amendment) : null));

    /// <summary>Forgets amendment changes noted before a command's turn or by a command that failed (a pooled context starts clean).</summary>
    internal void ForgetAmendmentChanges() => _amendmentChanges.Clear();

    /// <summary>The amendment changes saved since the last call (see <see cref="CaptureAmendmentChanges"/>).</summary>
    internal List<Caching.PendingAmendments.Change> TakeAmendmentChanges()
    {
        var changes = _amendmentChanges.ToList();
        _amendmentChanges.Clear();
        return changes;
    }

    /// <summary>
    /// Saves with the events chained (<see cref="Events.EventSealer"/>). Commands seal theirs in their turn; what is still
    /// unsealed here was added outside one (the bootstrap, the CLI). On PostgreSQL a registry event is sealed inside a
    /// transaction, so that the sealer's advisory lock holds until it is stored.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        // Entries() detects changes first when the tracker does so automatically, as SaveChanges would.
        _savedBlockChanges.AddRange(ChangedBlocks());
        CaptureAmendmentChanges();
        CaptureBlockRevisions();
        var events = Unsealed<DocumentEvent>(e => e.Hash);
        var registry = Unsealed<RegistryEvent>(e => e.Hash);
        if (registry.Count > 0 && Database.CurrentTransaction is null && Database.IsNpgsql())
        {
            await using var transaction = await Database.BeginTransactionAsync(cancellationToken);
            await Events.EventSealer.SealAsync(this, events, registry, new Events.ChainHeads(), cancellationToken);
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return saved;
        }

        if (events.Count > 0 || registry.Count > 0)
        {
            await Events.EventSealer.SealAsync(this, events, registry, new Events.ChainHeads(), cancellationToken);
        }

        return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private List<T> Unsealed<T>(Func<T, string?> hash) where T : class =>
        ChangeTracker.Entries<T>().Where(e => e.State == EntityState.Added && hash(e.Entity) is null).Select(e => e.Entity).ToList();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(DraftingDbContext).Assembly);
    }
}

public sealed class SqliteDraftingDbContext(DbContextOptions<SqliteDraftingDbContext> options) : DraftingDbContext(options);

public sealed class PostgresDraftingDbContext(DbContextOptions<PostgresDraftingDbContext> options) : DraftingDbContext(options);

/// <summary>
/// Lets <c>dotnet ef</c> build the PostgreSQL model and its migrations without a server:
/// <c>dotnet ef migrations script --idempotent --context PostgresDraftingDbContext --project src/OewgDrafting.Api</c>.
/// </summary>
public sealed class PostgresDesignTimeFactory : Microsoft.EntityFrameworkCore.Design.IDesignTimeDbContextFactory<PostgresDraftingDbContext>
{
    public PostgresDraftingDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresDraftingDbContext>()
            .UseNpgsql(Environment.GetEnvironmentVariable("OEWG_POSTGRES") ?? "Host=localhost;Database=oewgdrafting;Username=postgres")
            .Options);
}
