using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Auth;
using OewgDrafting.Api.Infrastructure.Caching;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Events;

namespace OewgDrafting.Api.Infrastructure.Events;

/// <summary>
/// What a command writes: it takes the command's turn in its group commit (<see cref="GroupCommitter"/>), opens
/// documents at their next version and appends their events, saves them in the command's savepoint, and tells the
/// commit observers once the batch is committed. Each command that changes a document appends exactly one event,
/// whose sequence is the document's new version. Everything a handler does before it opens a document (its validation
/// reads) runs outside the queue, on the request's own connection; from there to the end it runs in its turn.
/// </summary>
public sealed partial class EventJournal(DraftingDbContext db, ICurrentActor actor, TimeProvider clock, GroupCommitter committer,
    DraftingConnections connections, BlockSnapshots snapshots, IDocumentChangeNotifier notifier, IEnumerable<ICommitObserver> observers)
{
    private const string HeadSql = "SELECT \"Version\", \"TextVersion\", \"Status\", \"Symbol\" FROM \"documents\" WHERE \"Id\" = @id";

    private static readonly Func<DraftingDbContext, Guid, CancellationToken, Task<Document>> LoadDocument =
        EF.CompileAsyncQuery((DraftingDbContext db, Guid id, CancellationToken _) => db.Documents.Single(d => d.Id == id));

    private readonly Dictionary<Guid, Document> _opened = [];
    private readonly Dictionary<Guid, OpenedDocument> _advanced = [];
    private readonly Dictionary<Guid, (long Sequence, long TextVersion)> _recorded = [];
    private readonly List<EventType> _recordedTypes = [];
    private readonly Dictionary<Guid, int> _numbered = [];
    private readonly long _started = System.Diagnostics.Stopwatch.GetTimestamp();
    private WriteTurn? _turn;
    private bool _held;
    private Guid _queue;
    private bool _registryChanged;

    public DateTimeOffset Now { get; } = clock.GetUtcNow();

    public string ActorCode => actor.Code;

    /// <summary>True from the command's turn to its end: the DbContext writes in the batch's transaction.</summary>
    public bool InTurn => _turn is not null;

    /// <summary>
    /// Takes the command's turn in a queue (once per command) and moves the DbContext onto the batch's transaction.
    /// With <paramref name="deferSavepoint"/>, the command's savepoint travels with its first statement.
    /// </summary>
    public Task EnterAsync(Guid queue, bool deferSavepoint = false) => EnterAsync(queue, deferSavepoint, mayPipeline: false);

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
    /// commands that change the document itself (its text, its status, its metadata).
    /// </summary>
    public async Task<Document> OpenDocumentAsync(Guid documentId, CancellationToken cancellationToken)
    {
        if (_opened.TryGetValue(documentId, out var open))
        {
            return open;
        }

        var advanced = await AdvanceDocumentAsync(documentId, null, cancellationToken);
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
    /// Gives the command the document's next version. The first command of a batch to open a document reads its row,
    /// locking it on PostgreSQL (FOR UPDATE) until the batch commits; the others go on from what the batch knows
    /// (<see cref="BatchState.Documents"/>), and the row's version is written once, with the commit. The statement
    /// carries the command's savepoint and <paramref name="alsoRead"/>'s queries: one round trip. A command that
    /// only advances the document must leave its clean text as it was (else it opens it with <see cref="OpenDocumentAsync"/>).
    /// <para>
    /// When the batch holds the document and <paramref name="alsoRead"/> knows that what it checks still holds at the
    /// batch's text version (<see cref="TurnReads.HoldsAt"/>), nothing is read: every change to a paragraph changes the
    /// document's clean text (<see cref="EnsureParagraphChangesChangeTheText"/>), and the batch holds the document (the
    /// row lock on PostgreSQL, the only writer on SQLite), so a paragraph read while the text stood at that version is
    /// still as read. Such a command can no longer be refused, and on PostgreSQL its inserts wait in the batch.
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
        var inBatch = turn.State.Documents.TryGetValue(documentId, out var head);
        if (inBatch && alsoRead is not null && alsoRead.HoldsAt(head!.TextVersion))
        {
            alsoRead.Proven = true;
            _held = true;
        }
        else if (inBatch)
        {
            await turn.FlushAsync();
            if (alsoRead is not null)
            {
                await ReadAsync(alsoRead, cancellationToken);
            }
        }
        else
        {
            await turn.FlushAsync();
            await using var reader = await ReadHeadAsync(turn, documentId, alsoRead, cancellationToken);
            if (!await PreparedStatements.NextRowsAsync(reader, first: true, cancellationToken) || !await reader.ReadAsync(cancellationToken))
            {
                throw new NotFoundException("Document", documentId);
            }

            head = new OpenedDocument(documentId, reader.GetInt64(0), reader.GetInt64(1), Enum.Parse<DocumentStatus>(reader.GetString(2)), reader.GetString(3));
            if (alsoRead is not null)
            {
                await alsoRead.ReadAsync(reader, cancellationToken);
            }
        }

        var opened = head! with { Version = head.Version + 1 };
        _advanced[documentId] = opened;
        return opened;
    }

    private Task<System.Data.Common.DbDataReader> ReadHeadAsync(WriteTurn turn, Guid documentId, TurnReads? alsoRead, CancellationToken cancellationToken)
    {
        var command = turn.Command(turn.TakeSavepoint() + HeadSql + (connections.SingleWriter ? "" : " FOR UPDATE")
            + (alsoRead is null ? "" : "; " + alsoRead.Sql));
        PreparedStatements.Bind(command, "@id", db.Model.FindEntityType(typeof(Document))!.FindProperty(nameof(Document.Id))!, documentId);
        alsoRead?.Bind(command);
        return command.ExecuteReaderAsync(cancellationToken);
    }

    /// <summary>Runs <paramref name="reads"/> in the command's turn, on their own.</summary>
    public async Task ReadAsync(TurnReads reads, CancellationToken cancellationToken)
    {
        var turn = _turn ?? throw new InvalidOperationException("Turn reads run in the command's turn.");
        await turn.FlushAsync();
        var command = turn.Command(turn.TakeSavepoint() + "SELECT 1; " + reads.Sql);
        reads.Bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await PreparedStatements.NextRowsAsync(reader, first: true, cancellationToken);
        await reads.ReadAsync(reader, cancellationToken);
    }

    /// <summary>
    /// The last amendment number an earlier command of the batch took in the document, if any: nobody else can take one
    /// meanwhile (on SQLite the batch is the only writer, on PostgreSQL it holds the document's row lock).
    /// </summary>
    public int? KnownLastAmendmentNumber(Guid documentId) =>
        _turn is { } turn && turn.State.LastAmendmentNumbers.TryGetValue(documentId, out var known) ? known : null;

    /// <summary>Takes <paramref name="last"/> + 1 as the command's amendment number; the batch keeps it only if the command is saved.</summary>
    public int TakeAmendmentNumber(Guid documentId, int last)
    {
        var next = last + 1;
        _numbered[documentId] = next;
        return next;
    }

    /// <summary>A document created by this command starts at version 1.</summary>
    public void Created(Document document)
    {
        db.Documents.Add(document);
        _opened[document.Id] = document;
    }

    public void Record(Document document, EventType type, object data, params object?[] touches)
    {
        if (!_opened.ContainsKey(document.Id))
        {
            throw new InvalidOperationException("An event was recorded for a document that this command did not open.");
        }

        if (type.ChangesText)
        {
            document.TextChanged();
        }

        Append(document.Id, document.Version, document.TextVersion, type, data, touches);
    }

    public void Record(OpenedDocument document, EventType type, object data, params object?[] touches)
    {
        if (!_advanced.ContainsKey(document.Id) || _opened.ContainsKey(document.Id))
        {
            throw new InvalidOperationException("An event was recorded for a document that this command did not advance.");
        }

        if (type.ChangesText)
        {
            throw new InvalidOperationException($"A {type} event changes the clean text: its command opens the document with OpenDocumentAsync.");
        }

        Append(document.Id, document.Version, document.TextVersion, type, data, touches);
    }

    private void Append(Guid documentId, long version, long textVersion, EventType type, object data, object?[] touches)
    {
        if (!_recorded.TryAdd(documentId, (version, textVersion)))
        {
            throw new InvalidOperationException($"A command recorded two events for document {documentId}; one change is one event.");
        }

        _recordedTypes.Add(type);
        Add(DocumentEvent.Create(documentId, version, Now, actor.Code, type.Name,
            touches.Where(t => t is not null).Select(t => t!.ToString()!), EventData.Serialize(data)));
    }

    public void RecordRegistry(string type, string subject, object data)
    {
        db.RegistryEvents.Add(RegistryEvent.Create(Now, actor.Code, type, subject, EventData.Serialize(data)));
        _registryChanged = true;
    }

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

    /// <summary>After commit, before the writer is answered: every observer is told what the command committed.</summary>
    public void PublishCommitted()
    {
        var change = new CommittedChange(_recorded, _recordedTypes, _registryChanged, System.Diagnostics.Stopwatch.GetElapsedTime(_started));
        foreach (var observer in observers)
        {
            observer.Committed(change);
        }
    }
}
