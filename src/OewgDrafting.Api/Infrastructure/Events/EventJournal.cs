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
/// The write side of a command: opens documents for change and appends their events in the command's
/// transaction. Each command that changes a document appends exactly one event, whose sequence is the
/// document's new version; after commit, listeners (server-sent events) are told.
/// </summary>
public sealed class EventJournal(DraftingDbContext db, ICurrentActor actor, TimeProvider clock, IDocumentChangeNotifier notifier,
    DocumentLocks locks, DocumentHeads heads, ApiKeyCache keys)
{
    private readonly Dictionary<Guid, IDisposable> _held = [];

    /// <summary>Takes this instance's queue for the document (once per command).</summary>
    public async Task LockAsync(Guid documentId, CancellationToken cancellationToken)
    {
        if (!_held.ContainsKey(documentId))
        {
            _held[documentId] = await locks.EnterAsync(documentId, cancellationToken);
        }
    }

    public static readonly JsonSerializerOptions DataJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private readonly Dictionary<Guid, Document> _opened = [];
    private readonly Dictionary<Guid, long> _recorded = [];
    private bool _registryChanged;

    public DateTimeOffset Now { get; } = clock.GetUtcNow();

    public string ActorCode => actor.Code;

    /// <summary>
    /// Advances the document's version with one statement (which also takes its row lock, serialising
    /// writers to the same document) and loads it at its new version.
    /// </summary>
    public async Task<Document> OpenDocumentAsync(Guid documentId, CancellationToken cancellationToken)
    {
        if (_opened.TryGetValue(documentId, out var open))
        {
            return open;
        }

        // Writers to one document queue here first: the database would serialise them on the row lock anyway,
        // and a hundred waiters on one hot row make PostgreSQL slow for all of them.
        await LockAsync(documentId, cancellationToken);
        var updated = await db.Documents
            .Where(d => d.Id == documentId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Version, d => d.Version + 1)
                .SetProperty(d => d.UpdatedAt, Now), cancellationToken);
        if (updated == 0)
        {
            throw new NotFoundException("Document", documentId);
        }

        var document = await db.Documents.SingleAsync(d => d.Id == documentId, cancellationToken);
        _opened[documentId] = document;
        return document;
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

        if (!_recorded.TryAdd(document.Id, document.Version))
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

    /// <summary>Guards the rule "every change appends its event": a command that changed a document without one is a bug.</summary>
    public void EnsureComplete()
    {
        foreach (var id in _opened.Keys.Where(id => !_recorded.ContainsKey(id)))
        {
            throw new InvalidOperationException($"Document {id} was changed without recording an event.");
        }
    }

    /// <summary>Lets the next writer to the same documents in; called once the transaction has ended.</summary>
    public void ReleaseLocks()
    {
        foreach (var held in _held.Values)
        {
            held.Dispose();
        }

        _held.Clear();
    }

    /// <summary>
    /// After commit, before the writer is answered: this instance's versions move on (so the writer's next read
    /// sees its change), keys are read again after a registry change, and listeners here and elsewhere are told.
    /// </summary>
    public void PublishCommitted()
    {
        foreach (var (documentId, sequence) in _recorded)
        {
            heads.Advance(documentId, sequence);
            notifier.Notify(documentId, sequence);
        }

        if (_registryChanged)
        {
            keys.Clear();
            notifier.NotifyRegistry();
        }
    }
}

/// <summary>One queue per document for the writers of this instance.</summary>
public sealed class DocumentLocks
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, SemaphoreSlim> _locks = new();

    public async Task<IDisposable> EnterAsync(Guid documentId, CancellationToken cancellationToken)
    {
        var semaphore = _locks.GetOrAdd(documentId, _ => new SemaphoreSlim(1, 1));
        await semaphore.WaitAsync(cancellationToken);
        return new Held(semaphore);
    }

    private sealed class Held(SemaphoreSlim semaphore) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                semaphore.Release();
            }
        }
    }
}
