using System.Data.Common;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Auth;
using OewgDrafting.Api.Infrastructure.Caching;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Events;

namespace OewgDrafting.Api.Infrastructure.Events;

/// <summary>
/// The write side of a command: takes the command's turn in its group commit, opens documents for change and
/// appends their events. Each command that changes a document appends exactly one event, whose sequence is
/// the document's new version; after commit, listeners (server-sent events, other instances) are told.
/// Everything a handler does before <see cref="OpenDocumentAsync"/> (its validation reads) runs outside the
/// queue, on the request's own connection; from there to the end of the command it runs in its turn, inside
/// its savepoint of the batch's transaction.
/// </summary>
public sealed class EventJournal(DraftingDbContext db, ICurrentActor actor, TimeProvider clock, IDocumentChangeNotifier notifier,
    GroupCommitter committer, DraftingConnections connections, DocumentHeads heads, ApiKeyCache keys, BlockSnapshots snapshots,
    PendingAmendments pending)
{
    /// <summary>The paragraphs this command changed or deleted: their snapshots are dropped before and after its commit.</summary>
    private List<Guid> _changedBlocks = [];

    /// <summary>Rows the command adds (see <see cref="Add"/>), not yet given to EF Core's change tracker.</summary>
    private readonly List<object> _added = [];

    public static readonly JsonSerializerOptions DataJson = new(JsonSerializerDefaults.Web)
    {
        Encoder = Http.ApiJson.Encoder,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>
    /// Changes that leave the clean text exactly as it was: the cached renderings of the text stay valid across them.
    /// Any other event is taken to change it.
    /// </summary>
    private static readonly HashSet<string> LeaveTextAsItWas = new(StringComparer.Ordinal)
    {
        "amendmentProposed", "amendmentWithdrawn", "amendmentRejected", "amendmentSuperseded", "amendmentCosponsored",
        "amendmentCosponsorshipWithdrawn", "amendmentCosponsorshipDeclined", "positionSet", "positionWithdrawn", "explanationRecorded", "silenceStarted", "silenceBroken",
        // Language versions and comments are beside the original's text, never in it.
        "languageVersionCreated", "translationUpdated",
        "commentAdded", "commentEdited", "commentDeleted", "commentThreadResolved", "commentThreadReopened",
    };

    private const string WriteVersionSql =
        "UPDATE \"documents\" SET \"Version\" = @version, \"UpdatedAt\" = @now WHERE \"Id\" = @id";

    private const string HeadSql = "SELECT \"Version\", \"TextVersion\", \"Status\", \"Symbol\" FROM \"documents\" WHERE \"Id\" = @id";

    private static readonly Func<DraftingDbContext, Guid, CancellationToken, Task<Document>> LoadDocument =
        EF.CompileAsyncQuery((DraftingDbContext db, Guid id, CancellationToken _) => db.Documents.Single(d => d.Id == id));

    private readonly Dictionary<Guid, Document> _opened = [];
    private readonly Dictionary<Guid, OpenedDocument> _advanced = [];
    private readonly Dictionary<Guid, (long Sequence, long TextVersion)> _recorded = [];
    private readonly List<string> _recordedTypes = [];
    private readonly long _started = System.Diagnostics.Stopwatch.GetTimestamp();
    private readonly Dictionary<(Guid, string), int> _numbered = [];
    private WriteTurn? _turn;
    private TurnReads? _deferred;
    private bool _held;
    private Guid _queue;
    private bool _registryChanged;

    public DateTimeOffset Now { get; } = clock.GetUtcNow();

    public string ActorCode => actor.Code;

    /// <summary>True from the command's turn to its end: the DbContext writes in the batch's transaction.</summary>
    public bool InTurn => _turn is not null;

    /// <summary>A statement prepared on the batch's connection, in the command's turn (see <see cref="PreparedStatements"/>).</summary>
    public DbCommand Prepare(string sql)
    {
        var turn = _turn ?? throw new InvalidOperationException("Prepared statements run in the command's turn.");
        return turn.Command(sql);
    }

    /// <summary>
    /// Takes the command's turn in a queue (once per command) and moves the DbContext onto the batch's transaction.
    /// With <paramref name="deferSavepoint"/>, the command's savepoint travels with its first statement
    /// (<see cref="OpenDocumentAsync"/>, <see cref="AdvanceDocumentAsync"/>): one round trip less on PostgreSQL.
    /// </summary>
    public async Task EnterAsync(Guid queue, bool deferSavepoint = false) => await EnterAsync(queue, deferSavepoint, mayPipeline: false);

    private async Task EnterAsync(Guid queue, bool deferSavepoint, bool mayPipeline)
    {
        if (_turn is not null)
        {
            if (queue != _queue)
            {
                throw new InvalidOperationException(
                    "A command writes in one queue: it changed two documents that are committed apart, or it opened a document without being an IDocumentCommand.");
            }

            return;
        }

        var turn = await committer.EnterAsync(queue, deferSavepoint, mayPipeline);
        try
        {
            var database = db.Database;
            await database.CloseConnectionAsync();
            database.SetDbConnection(turn.Connection, contextOwnsConnection: false);
            await database.UseTransactionAsync(turn.Transaction);
            // The turn's savepoint already isolates the command; EF's own would be a second one per save.
            database.AutoSavepointsEnabled = false;
        }
        catch
        {
            // The context goes back to its own connection (a pooled context must never keep the batch's), and the turn
            // passes on whatever happens: a turn never given back would stop every writer behind it.
            try
            {
                await DetachAsync();
            }
            finally
            {
                await turn.AbandonAsync();
            }

            throw;
        }

        _turn = turn;
        _queue = queue;
        db.ForgetAmendmentChanges();
    }

    /// <summary>
    /// Opens the document at its next version (see <see cref="AdvanceDocumentAsync"/>) and loads it, tracked, for
    /// commands that change the document itself (its status, its metadata).
    /// </summary>
    public async Task<Document> OpenDocumentAsync(Guid documentId, CancellationToken cancellationToken)
    {
        if (_opened.TryGetValue(documentId, out var open))
        {
            return open;
        }

        var advanced = await AdvanceDocumentAsync(documentId, null, cancellationToken);
        // Whatever the handler does next, it does after its savepoint.
        await _turn!.EnsureSavepointAsync();
        var document = await LoadDocument(db, documentId, cancellationToken);
        // The row holds the version of the batch's last commit; the batch is further on. The change is written with
        // this command's save, its original value guarding it as the concurrency token.
        var entry = db.Entry(document);
        entry.Property(d => d.Version).CurrentValue = advanced.Version;
        entry.Property(d => d.UpdatedAt).CurrentValue = Now;
        _opened[documentId] = document;
        return document;
    }

    /// <summary>
    /// Gives the command the document's next version. The first command of a batch to open a document reads its
    /// row, locking it on PostgreSQL (FOR UPDATE) until the batch commits; the others of the batch go on from what the
    /// batch knows, without touching the row, whose version is written once, with the commit (<see cref="WriteTurn.AtCommit"/>).
    /// The statement carries the command's savepoint and, when given, <paramref name="alsoRead"/>'s queries: a turn's
    /// reads cost one round trip. The returned document is what a command that leaves the row alone needs; its events
    /// must leave the clean text as it was (else it opens the document with <see cref="OpenDocumentAsync"/>).
    /// <para>
    /// When the batch already holds the document and <paramref name="alsoRead"/> knows that what it would check still
    /// holds at the batch's text version (<see cref="TurnReads.HoldsAt"/>), nothing is read: its check is known to pass,
    /// and on PostgreSQL its inserts wait in the batch and travel with the batch's next statement
    /// (<see cref="WriteTurn.Defer"/>). Every change to a paragraph changes the document's clean text (see
    /// <see cref="EnsureParagraphChangesChangeTheText"/>), and the batch holds the document (the row lock on
    /// PostgreSQL, the only writer on SQLite), so a paragraph read while the text stood at the batch's text version is
    /// still as read.
    /// </para>
    /// </summary>
    public async Task<OpenedDocument> AdvanceDocumentAsync(Guid documentId, TurnReads? alsoRead, CancellationToken cancellationToken)
    {
        if (_advanced.TryGetValue(documentId, out var known))
        {
            return known;
        }

        await EnterAsync(committer.QueueFor(documentId), deferSavepoint: true, mayPipeline: alsoRead is { MayHold: true });
        var turn = _turn!;
        if (turn.Items.TryGetValue(documentId, out var state) && turn.Proves
            && alsoRead is { Deferrable: true } && _deferred is null && alsoRead.HoldsAt(((OpenedDocument)state).TextVersion))
        {
            alsoRead.Proven = true;
            _held = true;
            committer.CountProven();
        }
        else if (state is not null)
        {
            await turn.FlushAsync();
            if (alsoRead is { Deferrable: true } && _deferred is null)
            {
                // Nothing else to read: the reads go with the inserts (SaveAsync), the command costs one round trip.
                alsoRead.Deferred = true;
                _deferred = alsoRead;
            }
            else if (alsoRead is not null)
            {
                await ReadAsync(alsoRead, cancellationToken);
            }
        }
        else
        {
            await turn.FlushAsync();
            var command = Prepare(turn.TakeSavepoint() + HeadSql + (connections.SingleWriter ? "" : " FOR UPDATE")
                + (alsoRead is null ? "" : "; " + alsoRead.Sql));
            PreparedStatements.Bind(command, "@id", db.Model.FindEntityType(typeof(Document))!.FindProperty(nameof(Document.Id))!, documentId);
            alsoRead?.Bind(command);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await PreparedStatements.NextRowsAsync(reader, first: true, cancellationToken) || !await reader.ReadAsync(cancellationToken))
            {
                throw new NotFoundException("Document", documentId);
            }

            state = new OpenedDocument(documentId, reader.GetInt64(0), reader.GetInt64(1), Enum.Parse<DocumentStatus>(reader.GetString(2)), reader.GetString(3));
            if (alsoRead is not null)
            {
                await alsoRead.ReadAsync(reader, cancellationToken);
            }
        }

        var head = (OpenedDocument)state;
        var opened = head with { Version = head.Version + 1 };
        _advanced[documentId] = opened;
        return opened;
    }

    /// <summary>Runs <paramref name="reads"/> in the command's turn, on their own (when nothing is to be advanced with them).</summary>
    public async Task ReadAsync(TurnReads reads, CancellationToken cancellationToken)
    {
        var turn = _turn ?? throw new InvalidOperationException("Turn reads run in the command's turn.");
        await turn.FlushAsync();
        var command = Prepare(turn.TakeSavepoint() + "SELECT 1; " + reads.Sql);
        reads.Bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await PreparedStatements.NextRowsAsync(reader, first: true, cancellationToken);
        await reads.ReadAsync(reader, cancellationToken);
    }

    /// <summary>
    /// The next number of a per-document sequence (amendments: A1, A2…). The batch remembers the last number its
    /// commands took, so only its first command asks the database; nobody else can take one meanwhile (on SQLite
    /// the batch is the only writer, on PostgreSQL it holds the document's row lock). A command that fails gives
    /// its number back: the batch's counter moves only when the command's changes are saved.
    /// </summary>
    public int? KnownLastNumber(Guid documentId, string sequence) =>
        _turn is { } turn && turn.Items.TryGetValue((documentId, sequence), out var known) ? (int)known : null;

    /// <summary>Takes <paramref name="last"/> + 1 as the command's number in the sequence (see <see cref="KnownLastNumber"/>).</summary>
    public int TakeNumber(Guid documentId, string sequence, int last)
    {
        var next = last + 1;
        _numbered[(documentId, sequence)] = next;
        return next;
    }

    /// <summary>A document created by this command starts at version 1.</summary>
    public void Created(Document document)
    {
        db.Documents.Add(document);
        _opened[document.Id] = document;
    }

    public void Record(Document document, string type, object data, params object?[] touches)
    {
        if (!_opened.ContainsKey(document.Id))
        {
            throw new InvalidOperationException("An event was recorded for a document that this command did not open.");
        }

        if (!LeaveTextAsItWas.Contains(type))
        {
            document.TextChanged();
        }

        Append(document.Id, document.Version, document.TextVersion, type, data, touches);
    }

    public void Record(OpenedDocument document, string type, object data, params object?[] touches)
    {
        if (!_advanced.ContainsKey(document.Id) || _opened.ContainsKey(document.Id))
        {
            throw new InvalidOperationException("An event was recorded for a document that this command did not advance.");
        }

        if (!LeaveTextAsItWas.Contains(type))
        {
            throw new InvalidOperationException($"A {type} event changes the clean text: its command opens the document with OpenDocumentAsync.");
        }

        Append(document.Id, document.Version, document.TextVersion, type, data, touches);
    }

    private void Append(Guid documentId, long version, long textVersion, string type, object data, object?[] touches)
    {
        if (!_recorded.TryAdd(documentId, (version, textVersion)))
        {
            throw new InvalidOperationException($"A command recorded two events for document {documentId}; one change is one event.");
        }

        _recordedTypes.Add(type);
        Add(DocumentEvent.Create(documentId, version, Now, actor.Code, type,
            touches.Where(t => t is not null).Select(t => t!.ToString()!), JsonSerializer.Serialize(data, DataJson)));
    }

    /// <summary>
    /// Adds a new row (an amendment, an event) to what the command saves. When the command changes nothing else, its rows
    /// are inserted as they are, never tracked by EF Core (<see cref="NewRow"/>); otherwise they join the change tracker
    /// with the rest when the command saves, as if added to it. Either way a row may still be changed until then.
    /// </summary>
    public void Add(object entity) => _added.Add(entity);

    public void RecordRegistry(string type, string subject, object data)
    {
        db.RegistryEvents.Add(RegistryEvent.Create(Now, actor.Code, type, subject, JsonSerializer.Serialize(data, DataJson)));
        _registryChanged = true;
    }

    /// <summary>
    /// Saves the command's changes in its savepoint, then waits for the commit of its batch: when this returns,
    /// the change is durable.
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
        var released = await SaveAsync(turn, cancellationToken);
        FollowAmendments(turn);
        foreach (var (key, number) in _numbered)
        {
            turn.Items[key] = number;
        }

        // Saved: the batch's next commands chain to these events.
        foreach (var (key, head) in _sealed)
        {
            turn.Items[key] = head;
        }

        foreach (var (documentId, (sequence, textVersion)) in _recorded)
        {
            // The batch goes on from here; the document's row gets the batch's last version with the commit. (A document
            // created by the command was inserted at its version.)
            if (_advanced.TryGetValue(documentId, out var advanced))
            {
                turn.Items[documentId] = _opened.TryGetValue(documentId, out var tracked)
                    ? new OpenedDocument(documentId, sequence, textVersion, tracked.Status, tracked.Symbol)
                    : advanced with { TextVersion = textVersion };
                var documents = db.Model.FindEntityType(typeof(Document))!;
                var now = Now;
                turn.AtCommit(documentId, WriteVersionSql, command =>
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

        _turn = null;
        await DetachAsync();
        try
        {
            await turn.CompleteAsync(released);
        }
        finally
        {
            snapshots.Drop(_changedBlocks);
            // What SaveChanges noted after the take above is the same paragraphs, dropped already.
            db.ForgetChangedBlocks();
        }
    }

    /// <summary>
    /// Rows the command only added go through prepared INSERTs, sent in one statement with the savepoint's release,
    /// when nothing else it added refers to them (a proposal: its amendment and its event); anything else through
    /// SaveChanges, which orders and reads back. True when the savepoint was released here.
    /// </summary>
    private async Task<bool> SaveAsync(WriteTurn turn, CancellationToken cancellationToken)
    {
        if (_deferred is null && !_held)
        {
            await turn.FlushAsync();
            await turn.EnsureSavepointAsync();
        }

        // Changes are detected once here: each look at the tracker below would otherwise detect them again (the tracker
        // holds nothing but what this command touched, and what is done below only adds rows or seals added ones).
        var tracker = db.ChangeTracker;
        tracker.DetectChanges();
        List<NewRow> entries;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            // A command that only adds rows (a proposal) leaves the tracker out: its rows go as they are.
            var added = _added.Select(e => new NewRow(db.Model.FindEntityType(e.GetType())!, e)).ToList();
            var untracked = added.Count > 0 && !tracker.HasChanges() && added.All(r => PreparedStatements.IsUntrackedInsert(r.Type));
            if (!untracked)
            {
                foreach (var entity in _added)
                {
                    db.Add(entity);
                }

                _added.Clear();
            }

            _changedBlocks = db.TakeChangedBlocks();
            snapshots.Drop(_changedBlocks);
            if (untracked)
            {
                committer.CountUntracked();
                await SealAsync(turn, _added.OfType<DocumentEvent>(), cancellationToken);
                entries = added;
            }
            else
            {
                db.CaptureBlockRevisions();
                await SealAsync(turn, tracker.Entries<DocumentEvent>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList(),
                    cancellationToken);
                entries = tracker.Entries().Where(e => e.State != EntityState.Unchanged && e.State != EntityState.Detached)
                    .Select(NewRow.Of).ToList();
            }
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = true;
        }

        EnsureParagraphChangesChangeTheText();
        var plain = entries.Count > 0 && entries.All(e => e.Entry is null
            || (e.Entry.State == EntityState.Added && PreparedStatements.IsPlainInsert(e.Type)));
        if (plain)
        {
            // SaveChanges notes them on its way (DraftingDbContext); the prepared inserts do not pass there.
            db.CaptureAmendmentChanges(_added.OfType<Domain.Amendments.Amendment>());
        }

        _added.Clear();

        if (_held)
        {
            if (plain && turn.Pipelines)
            {
                turn.Defer(PreparedStatements.InsertStatements(turn.Connection, entries));
                return true;
            }

            // SQLite has no round trip to save: the inserts go at once, in the command's savepoint.
            await turn.FlushAsync();
            if (plain)
            {
                await PreparedStatements.InsertAsync(turn.Connection, turn.Transaction, entries, WriteTurn.ReleaseSql, cancellationToken,
                    before: turn.TakeSavepoint());
                return true;
            }

            await turn.EnsureSavepointAsync();
            await db.SaveChangesAsync(cancellationToken);
            return false;
        }

        if (_deferred is { } deferred)
        {
            if (plain)
            {
                // Savepoint, the deferred reads, the guarded inserts and the release: one round trip. When the check fails,
                // the guard kept every row out, and the savepoint is already released.
                var guard = new InsertGuard(turn.TakeSavepoint(), deferred.Sql, deferred.Guard, deferred.Bind, deferred.ReadAsync);
                await PreparedStatements.InsertAsync(turn.Connection, turn.Transaction, entries, WriteTurn.ReleaseSql, guard, cancellationToken);
                turn.SavepointReleased();
                deferred.Verify();
                return true;
            }

            await ReadAsync(deferred, cancellationToken);
            deferred.Verify();
        }

        if (plain)
        {
            await PreparedStatements.InsertAsync(turn.Connection, turn.Transaction, entries, WriteTurn.ReleaseSql, cancellationToken);
            return true;
        }

        await db.SaveChangesAsync(cancellationToken);
        return false;
    }

    /// <summary>
    /// The rule that lets a proposal's turn skip its paragraph's check (<see cref="AdvanceDocumentAsync"/>): whatever
    /// changes a paragraph (its text, its status, its place, its existence) changes the document's clean text, so its
    /// event advances the document's text version. A command that broke it would be a bug, refused here.
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

    /// <summary>
    /// What the command saved of amendments follows into the in-memory pending amendments with the commit, on the
    /// writer and before anyone is answered (<see cref="PendingAmendments"/>); nothing of it if the batch fails.
    /// </summary>
    private void FollowAmendments(WriteTurn turn)
    {
        var changes = db.TakeAmendmentChanges();
        if (changes.Count == 0 || !pending.Enabled)
        {
            return;
        }

        var sequenced = changes.Select(c => (c, _recorded.TryGetValue(c.DocumentId, out var recorded) ? recorded.Sequence : (long?)null)).ToList();
        turn.AfterCommit(() =>
        {
            try
            {
                pending.Committed(sequenced);
            }
            catch
            {
                // Never a reason to fail a commit: what is kept is forgotten and read again.
                pending.Clear();
                throw;
            }
        });
    }

    private static readonly object RegistryHead = new();

    private static readonly Func<DraftingDbContext, Guid, long, CancellationToken, Task<string?>> HashAt =
        EF.CompileAsyncQuery((DraftingDbContext db, Guid documentId, long sequence, CancellationToken _) =>
            db.DocumentEvents.Where(e => e.DocumentId == documentId && e.Sequence == sequence).Select(e => e.Hash).SingleOrDefault());

    /// <summary>
    /// Chains the command's events to the ones before them (<see cref="EventChain"/>): the previous hash comes from the
    /// batch when an earlier command of it wrote that event (same transaction), otherwise from the log. Registry events
    /// chain in the order of their ids; on PostgreSQL an advisory lock keeps two instances from forking that chain.
    /// </summary>
    private async Task SealAsync(WriteTurn turn, IEnumerable<DocumentEvent> added, CancellationToken cancellationToken)
    {
        foreach (var e in added)
        {
            var key = (e.DocumentId, "hash");
            string previous;
            if (e.Sequence == 1)
            {
                previous = EventChain.Genesis;
            }
            else if (turn.Items.TryGetValue(key, out var known) && known is (long sequence, string hash) && sequence == e.Sequence - 1)
            {
                previous = hash;
            }
            else
            {
                await turn.FlushAsync();
                previous = await HashAt(db, e.DocumentId, e.Sequence - 1, cancellationToken) ?? EventChain.Genesis;
            }

            _sealed[key] = (e.Sequence, e.Seal(previous));
        }

        var registry = db.ChangeTracker.Entries<RegistryEvent>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        if (registry.Count > 0)
        {
            string head;
            if (turn.Items.TryGetValue(RegistryHead, out var known) && known is string hash)
            {
                head = hash;
            }
            else
            {
                await turn.FlushAsync();
                if (db.Database.IsNpgsql())
                {
                    await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(73164)", cancellationToken);
                }

                head = await db.RegistryEvents.OrderByDescending(r => r.Id).Select(r => r.Hash).FirstOrDefaultAsync(cancellationToken) ?? EventChain.Genesis;
            }

            foreach (var e in registry)
            {
                head = e.Seal(head);
            }

            _sealed[RegistryHead] = head;
        }
    }

    private readonly Dictionary<object, object> _sealed = [];

    /// <summary>The command failed: its savepoint is rolled back and its turn passes on; nothing it did is written.</summary>
    public async Task AbandonAsync()
    {
        if (_turn is null)
        {
            return;
        }

        var turn = _turn;
        _turn = null;
        _added.Clear();
        db.ForgetAmendmentChanges();
        try
        {
            await DetachAsync();
        }
        finally
        {
            await turn.AbandonAsync();
        }
    }

    /// <summary>Back on a connection of its own, the DbContext can read after the commit (to decorate an answer).</summary>
    private async Task DetachAsync()
    {
        var database = db.Database;
        await database.UseTransactionAsync(null);
        database.SetDbConnection(connections.Create(), contextOwnsConnection: true);
        database.AutoSavepointsEnabled = true;
    }

    /// <summary>Guards the rule "every change appends its event": a command that changed a document without one is a bug.</summary>
    private void EnsureComplete()
    {
        foreach (var id in _opened.Keys.Where(id => !_recorded.ContainsKey(id)))
        {
            throw new InvalidOperationException($"Document {id} was changed without recording an event.");
        }
    }

    /// <summary>
    /// After commit, before the writer is answered: this instance's versions move on (so the writer's next read
    /// sees its change), keys are read again after a registry change, and listeners here and elsewhere are told.
    /// </summary>
    public void PublishCommitted()
    {
        foreach (var type in _recordedTypes)
        {
            Telemetry.DraftingMetrics.Committed(type);
        }

        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(_started).TotalMilliseconds;
        foreach (var (documentId, (sequence, textVersion)) in _recorded)
        {
            Telemetry.DraftingMetrics.WriteDuration.Record(elapsed, new KeyValuePair<string, object?>("document", documentId.ToString()));
            heads.Advance(documentId, sequence, textVersion);
            notifier.Notify(documentId, sequence, textVersion);
        }

        if (_registryChanged)
        {
            keys.Clear();
            notifier.NotifyRegistry();
        }
    }
}

/// <summary>What a command that leaves the document row alone knows of the document it advanced.</summary>
public sealed record OpenedDocument(Guid Id, long Version, long TextVersion, DocumentStatus Status, string Symbol)
{
    /// <summary>The rule of <see cref="Document.EnsureInNegotiation"/>, on the row as it was advanced.</summary>
    public void EnsureInNegotiation() => Document.EnsureInNegotiation(Status, Symbol);
}

/// <summary>Queries sent with the statement that advances a document, and the reading of their results.</summary>
public abstract class TurnReads
{
    public abstract string Sql { get; }

    public abstract void Bind(DbCommand command);

    /// <summary>Reads the results of <see cref="Sql"/>; the reader is past the document's row.</summary>
    public abstract Task ReadAsync(DbDataReader reader, CancellationToken cancellationToken);

    /// <summary>
    /// Asked in the turn, when nothing else has to be read with them: true when the reads may instead travel with the
    /// command's inserts, each row inserted only where <see cref="Guard"/> holds, and <see cref="Verify"/> called
    /// after them. One round trip for the whole command (see <see cref="EventJournal.AdvanceDocumentAsync"/>).
    /// </summary>
    public virtual bool Deferrable => false;

    /// <summary>An SQL condition on <see cref="Sql"/>'s parameters that holds exactly when <see cref="Verify"/> passes.</summary>
    public virtual string Guard => throw new NotSupportedException("These reads cannot guard inserts.");

    /// <summary>True when the reads were deferred to the command's inserts: nothing of them is known before it saves.</summary>
    public bool Deferred { get; internal set; }

    /// <summary>Refuses the command (throws) when what was read does not allow it; after deferred reads, the guarded inserts wrote nothing then.</summary>
    public virtual void Verify()
    {
    }

    /// <summary>True when <see cref="HoldsAt"/> can ever be true for these reads (the command may then pipeline its writes).</summary>
    public virtual bool MayHold => false;

    /// <summary>
    /// True when what <see cref="Verify"/> checks is known to hold, without reading, while the document's clean text is at
    /// <paramref name="textVersion"/> (see <see cref="EventJournal.AdvanceDocumentAsync"/>). Then the reads are not made:
    /// <see cref="Proven"/> is set instead, and <see cref="Verify"/> is not called.
    /// </summary>
    public virtual bool HoldsAt(long textVersion) => false;

    /// <summary>The reads were not made: what they check was known to hold (<see cref="HoldsAt"/>).</summary>
    public bool Proven { get; internal set; }
}
