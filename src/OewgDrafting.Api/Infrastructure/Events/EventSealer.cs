using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain.Events;

namespace OewgDrafting.Api.Infrastructure.Events;

/// <summary>
/// Chains every event stored to the one before it (<see cref="EventChain"/>): a document's events in the order of
/// their sequence, the registry's in the order of their ids. The one place that does so, for commands in their turn,
/// the bootstrap and the CLI alike. On PostgreSQL the registry's chain is read under an advisory lock held to the end
/// of the transaction, so that two instances never fork it.
/// </summary>
public static class EventSealer
{
    /// <summary>The PostgreSQL advisory lock that serialises writers of the registry's log.</summary>
    public const long RegistryLock = 73164;

    private static readonly Func<DraftingDbContext, Guid, long, CancellationToken, Task<string?>> HashAt =
        EF.CompileAsyncQuery((DraftingDbContext db, Guid documentId, long sequence, CancellationToken _) =>
            db.DocumentEvents.Where(e => e.DocumentId == documentId && e.Sequence == sequence).Select(e => e.Hash).SingleOrDefault());

    /// <summary>
    /// Seals <paramref name="events"/> and <paramref name="registry"/>, going on from <paramref name="known"/> (what the
    /// batch chained already) and else from the log. Returns the new heads; the caller keeps them once the events are saved.
    /// </summary>
    public static async Task<ChainHeads> SealAsync(DraftingDbContext db, IEnumerable<DocumentEvent> events, IReadOnlyCollection<RegistryEvent> registry,
        ChainHeads known, CancellationToken cancellationToken)
    {
        var heads = new ChainHeads();
        foreach (var e in events.OrderBy(e => e.Sequence))
        {
            string previous;
            if (e.Sequence == 1)
            {
                previous = EventChain.Genesis;
            }
            else if ((heads.Documents.TryGetValue(e.DocumentId, out var head) || known.Documents.TryGetValue(e.DocumentId, out head))
                     && head.Sequence == e.Sequence - 1)
            {
                previous = head.Hash;
            }
            else
            {
                previous = await HashAt(db, e.DocumentId, e.Sequence - 1, cancellationToken) ?? EventChain.Genesis;
            }

            heads.Documents[e.DocumentId] = (e.Sequence, e.Seal(previous));
        }

        if (registry.Count > 0)
        {
            var head = known.Registry;
            if (head is null)
            {
                if (db.Database.IsNpgsql())
                {
                    await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({RegistryLock})", cancellationToken);
                }

                head = await db.RegistryEvents.AsNoTracking().OrderByDescending(r => r.Id).Select(r => r.Hash).FirstOrDefaultAsync(cancellationToken)
                       ?? EventChain.Genesis;
            }

            foreach (var e in registry)
            {
                head = e.Seal(head);
            }

            heads.Registry = head;
        }

        return heads;
    }
}

/// <summary>The hash each chain ends with: per document (with its sequence) and the registry's.</summary>
public sealed class ChainHeads
{
    public Dictionary<Guid, (long Sequence, string Hash)> Documents { get; } = [];

    public string? Registry { get; set; }

    /// <summary>True when the event at <paramref name="sequence"/> chains to a head known here (or starts its chain).</summary>
    public bool Continues(Guid documentId, long sequence) =>
        sequence == 1 || (Documents.TryGetValue(documentId, out var head) && head.Sequence == sequence - 1);

    /// <summary>Takes on <paramref name="newer"/>'s heads (the events they end with were saved).</summary>
    public void Advance(ChainHeads newer)
    {
        foreach (var (documentId, head) in newer.Documents)
        {
            Documents[documentId] = head;
        }

        Registry = newer.Registry ?? Registry;
    }
}
