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
    GroupCommitter committer, DraftingConnections connections, DocumentHeads heads, ApiKeyCache keys)
{
    public static readonly JsonSerializerOptions DataJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private readonly Dictionary<Guid, Document> _opened = [];
    private readonly Dictionary<Guid, (long Sequence, long TextVersion)> _recorded = [];

    /// <summary>
    /// Changes that leave the clean text exactly as it was: the cached renderings of the text stay valid across them.
    /// Any other event is taken to change it.
    /// </summary>
    private static readonly HashSet<string> LeaveTextAsItWas = new(StringComparer.Ordinal)
    {
        "amendmentProposed", "amendmentWithdrawn", "amendmentRejected", "amendmentSuperseded", "amendmentCosponsored",
        "amendmentCosponsorshipWithdrawn", "positionSet", "positionWithdrawn", "explanationRecorded", "silenceStarted", "silenceBroken",
    };
    private readonly Dictionary<(Guid, string), int> _numbered = [];
    private WriteTurn? _turn;
    private Guid _queue;
    private bool _registryChanged;

    private const string AdvanceSql =
        "UPDATE \"documents\" SET \"Version\" = \"Version\" + 1, \"UpdatedAt\" = @now WHERE \"Id\" = @id RETURNING \"Version\"";

    private static readonly Func<DraftingDbContext, Guid, CancellationToken, Task<Document>> LoadDocument =
        EF.CompileAsyncQuery((DraftingDbContext db, Guid id, CancellationToken _) => db.Documents.Single(d => d.Id == id));

    public DateTimeOffset Now { get; } = clock.GetUtcNow();

    /// <summary>A statement prepared on the batch's connection, in the command's turn (see <see cref="PreparedStatements"/>).</summary>
    public System.Data.Common.DbCommand Prepare(string sql)
    {
        var turn = _turn ?? throw new InvalidOperationException("Prepared statements run in the command's turn.");
        return PreparedStatements.Command(turn.Connection, turn.Transaction, sql);
    }

    public string ActorCode => actor.Code;

    /// <summary>True from the command's turn to its end: the DbContext writes in the batch's transaction.</summary>
    public bool InTurn => _turn is not null;

    /// <summary>Takes the command's turn in a queue (once per command) and moves the DbContext onto the batch's transaction.</summary>
    public async Task EnterAsync(Guid queue)
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
        var turn = await committer.EnterAsync(queue);
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
            await turn.AbandonAsync();
            throw;
        }

        _turn = turn;
        _queue = queue;
    }

    /// <summary>
    /// Advances the document's version with one statement (on PostgreSQL the batch's first such statement takes the
    /// row lock, held to the batch's commit) and loads it at its new version.
    /// </summary>
    public async Task<Document> OpenDocumentAsync(Guid documentId, CancellationToken cancellationToken)
    {
        if (_opened.TryGetValue(documentId, out var open))
        {
            return open;
        }

        await EnterAsync(committer.QueueFor(documentId));
        var now = Now;
        // A prepared statement: it runs in every command's turn.
        var documents = db.Model.FindEntityType(typeof(Document))!;
        var advance = Prepare(AdvanceSql);
        PreparedStatements.Bind(advance, "@now", documents.FindProperty(nameof(Document.UpdatedAt))!, now);
        PreparedStatements.Bind(advance, "@id", documents.FindProperty(nameof(Document.Id))!, documentId);
        if (await advance.ExecuteScalarAsync(cancellationToken) is null)
        {
            throw new NotFoundException("Document", documentId);
        }
        var document = await LoadDocument(db, documentId, cancellationToken);
        _opened[documentId] = document;
        return document;
    }

    /// <summary>
    /// The next number of a per-document sequence (amendments: A1, A2…). The batch remembers the last number its
    /// commands took, so only its first command asks the database; nobody else can take one meanwhile (on SQLite
    /// the batch is the only writer, on PostgreSQL it holds the document's row lock). A command that fails gives
    /// its number back: the batch's counter moves only when the command's changes are saved.
    /// </summary>
    public async Task<int> NextNumberAsync(Guid documentId, string sequence, Func<Task<int>> lastInDatabase)
    {
        var turn = _turn ?? throw new InvalidOperationException("Numbers are taken in the command's turn, after it opened the document.");
        var last = turn.Items.TryGetValue((documentId, sequence), out var known) ? (int)known : await lastInDatabase();
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

        if (!_recorded.TryAdd(document.Id, (document.Version, document.TextVersion)))
        {
            throw new InvalidOperationException($"A command recorded two events for document {document.Id}; one change is one event.");
        }

        db.DocumentEvents.Add(DocumentEvent.Create(document.Id, document.Version, Now, actor.Code, type,
            touches.Where(t => t is not null).Select(t => t!.ToString()!), JsonSerializer.Serialize(data, DataJson)));
    }

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
            if (db.ChangeTracker.HasChanges())
            {
                throw new InvalidOperationException("A command changed data without taking its turn to write.");
            }

            return;
        }
        await SaveAsync(_turn, cancellationToken);
        var turn = _turn;
        foreach (var (key, number) in _numbered)
        {
            turn.Items[key] = number;
        }

        _turn = null;
        await DetachAsync();
        await turn.CompleteAsync();
    }

    /// <summary>
    /// Rows the command only added go through prepared INSERTs when nothing else it added refers to them (a
    /// proposal: its amendment and its event); anything else through SaveChanges, which orders and reads back.
    /// </summary>
    private async Task SaveAsync(WriteTurn turn, CancellationToken cancellationToken)
    {
        db.CaptureBlockRevisions();
        db.ChangeTracker.DetectChanges();
        var entries = db.ChangeTracker.Entries().Where(e => e.State != EntityState.Unchanged && e.State != EntityState.Detached).ToList();
        if (entries.Count > 0 && entries.All(e => e.State == EntityState.Added && PreparedStatements.IsPlainInsert(e.Metadata)))
        {
            foreach (var entry in entries)
            {
                await PreparedStatements.InsertAsync(turn.Connection, turn.Transaction, entry, cancellationToken);
            }

            return;
        }

        await db.SaveChangesAsync(cancellationToken);
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
        foreach (var (documentId, (sequence, textVersion)) in _recorded)
        {
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
