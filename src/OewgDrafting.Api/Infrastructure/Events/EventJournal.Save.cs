using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Events;

namespace OewgDrafting.Api.Infrastructure.Events;

/// <summary>
/// How a command's changes are saved in its turn and handed to its batch: its events sealed (<see cref="EventSealer"/>),
/// its rows written, what the batch goes on from updated, and the commit awaited.
/// </summary>
public sealed partial class EventJournal
{
    /// <summary>Rows the command adds (see <see cref="Add"/>), not yet given to EF Core's change tracker.</summary>
    private readonly List<object> _added = [];

    /// <summary>The paragraphs this command changed or deleted: their snapshots are dropped before and after its commit.</summary>
    private List<Guid> _changedBlocks = [];

    /// <summary>The chains' heads after this command's events, kept by the batch once they are saved.</summary>
    private ChainHeads _chained = new();

    /// <summary>
    /// Adds a new row (an amendment, an event) to what the command saves. When the command changes nothing else, its rows
    /// are inserted as they are, never tracked by EF Core; otherwise they join the change tracker with the rest.
    /// </summary>
    public void Add(object entity) => _added.Add(entity);

    /// <summary>
    /// Saves the command's changes in its savepoint, then waits for the commit of its batch: when this returns, the
    /// change is durable.
    /// </summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        EnsureComplete();
        if (_turn is null)
        {
            if (_added.Count > 0 || db.ChangeTracker.HasChanges())
            {
                throw new InvalidOperationException("A command changed data without taking its turn to write.");
            }

            return;
        }

        var turn = _turn;
        await SaveAsync(turn, cancellationToken);
        KeepInBatch(turn);
        _turn = null;
        await DetachAsync();
        try
        {
            await turn.CompleteAsync();
        }
        finally
        {
            snapshots.Drop(_changedBlocks);
            // What SaveChanges noted after the take in SaveAsync is the same paragraphs, dropped already.
            db.ForgetChangedBlocks();
        }
    }

    /// <summary>
    /// A command that only adds rows of plain types (a proposal: its amendment and its event) inserts them with one
    /// prepared statement that also releases its savepoint, or, when it can no longer be refused on PostgreSQL, leaves
    /// them to go with the batch's next statement; any other goes through SaveChanges.
    /// </summary>
    private async Task SaveAsync(WriteTurn turn, CancellationToken cancellationToken)
    {
        var tracker = db.ChangeTracker;
        var rows = _added.Select(e => new NewRow(db.Model.FindEntityType(e.GetType())!, e)).ToList();
        var untracked = rows.Count > 0 && !tracker.HasChanges() && rows.All(r => PreparedStatements.IsUntrackedInsert(r.Type));
        // Only a held command's inserts may wait in the batch, and only when its events chain to heads the batch knows;
        // anything else reads or writes now, after what earlier commands left waiting.
        var defer = untracked && _held && turn.Pipelines
            && rows.Select(r => r.Entity).OfType<DocumentEvent>().All(e => turn.State.Chain.Continues(e.DocumentId, e.Sequence));
        if (!defer)
        {
            await turn.FlushAsync();
        }

        if (!untracked)
        {
            foreach (var entity in _added)
            {
                db.Add(entity);
            }
        }

        _added.Clear();
        _changedBlocks = db.TakeChangedBlocks();
        snapshots.Drop(_changedBlocks);
        EnsureParagraphChangesChangeTheText();
        if (untracked)
        {
            _chained = await EventSealer.SealAsync(db, rows.Select(r => r.Entity).OfType<DocumentEvent>(), [], turn.State.Chain, cancellationToken);
            // SaveChanges notes them on its way (DraftingDbContext); the prepared inserts do not pass there.
            db.CaptureAmendmentChanges(rows.Select(r => r.Entity).OfType<Domain.Amendments.Amendment>());
            if (defer)
            {
                turn.Defer(PreparedStatements.InsertStatements(turn.Connection, rows));
                return;
            }

            await PreparedStatements.InsertAsync(turn.Connection, turn.Transaction, rows, turn.TakeSavepoint(), WriteTurn.ReleaseSql, cancellationToken);
            turn.SavepointReleased();
            return;
        }

        await turn.EnsureSavepointAsync();
        db.CaptureBlockRevisions();
        _chained = await EventSealer.SealAsync(db, Added<DocumentEvent>(), Added<RegistryEvent>(), turn.State.Chain, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    private List<T> Added<T>() where T : class =>
        db.ChangeTracker.Entries<T>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();

    /// <summary>Saved: the batch's next commands go on from this command's numbers, chains and document versions.</summary>
    private void KeepInBatch(WriteTurn turn)
    {
        foreach (var (documentId, number) in _numbered)
        {
            turn.State.LastAmendmentNumbers[documentId] = number;
        }

        turn.State.Chain.Advance(_chained);
        // The pending amendments kept in memory follow what was saved, with the batch's commit (see WriteBatch).
        foreach (var change in db.TakeAmendmentChanges())
        {
            turn.State.AmendmentChanges.Add((change, _recorded.TryGetValue(change.DocumentId, out var recorded) ? recorded.Sequence : null));
        }

        var documents = db.Model.FindEntityType(typeof(Document))!;
        foreach (var (documentId, (sequence, textVersion)) in _recorded)
        {
            // A document created by the command was inserted at its version; an advanced one gets the batch's last
            // version with the commit.
            if (_advanced.TryGetValue(documentId, out var advanced))
            {
                turn.State.Documents[documentId] = _opened.TryGetValue(documentId, out var tracked)
                    ? new OpenedDocument(documentId, sequence, textVersion, tracked.Status, tracked.Symbol)
                    : advanced with { TextVersion = textVersion };
                var now = Now;
                turn.WriteVersionAtCommit(documentId, command =>
                {
                    PreparedStatements.Bind(command, "@version", documents.FindProperty(nameof(Document.Version))!, sequence);
                    PreparedStatements.Bind(command, "@now", documents.FindProperty(nameof(Document.UpdatedAt))!, now);
                    PreparedStatements.Bind(command, "@id", documents.FindProperty(nameof(Document.Id))!, documentId);
                });
            }

            notifier.Enlist(turn, documentId, sequence, textVersion);
        }

        if (_registryChanged)
        {
            notifier.EnlistRegistry(turn);
        }
    }

    /// <summary>
    /// The rule that lets a batch go on from what it knows of a document: whatever changes a paragraph (its text, its
    /// status, its place, its existence) changes the document's clean text, so its event advances the document's text
    /// version. A command that broke it would be a bug, refused here.
    /// </summary>
    private void EnsureParagraphChangesChangeTheText()
    {
        if (_changedBlocks.Count == 0 && !db.ChangeTracker.Entries<Block>().Any(e => e.State == EntityState.Added))
        {
            return;
        }

        foreach (var (documentId, (sequence, textVersion)) in _recorded)
        {
            if (textVersion != sequence)
            {
                throw new InvalidOperationException(
                    $"A command changed paragraphs of document {documentId} with an event ({string.Join(", ", _recordedTypes)}) that leaves its clean text as it was.");
            }
        }
    }

    /// <summary>Guards the rule "every change appends its event": a command that changed a document without one is a bug.</summary>
    private void EnsureComplete()
    {
        foreach (var id in _opened.Keys.Where(id => !_recorded.ContainsKey(id)))
        {
            throw new InvalidOperationException($"Document {id} was changed without recording an event.");
        }
    }
}
