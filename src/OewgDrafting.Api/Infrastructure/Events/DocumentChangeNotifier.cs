using System.Collections.Concurrent;
using System.Threading.Channels;
using OewgDrafting.Api.Infrastructure.Persistence;

namespace OewgDrafting.Api.Infrastructure.Events;

/// <summary>Tells listeners that a document has new events, up to a sequence number; the events themselves are read from the log.</summary>
public interface IDocumentChangeNotifier
{
    /// <summary>This instance committed changes to the document up to <paramref name="sequence"/>; its clean text last changed at <paramref name="textVersion"/>.</summary>
    void Notify(Guid documentId, long sequence, long textVersion);

    /// <summary>This instance changed the registry (delegations, keys): other instances forget the keys they know.</summary>
    void NotifyRegistry();

    /// <summary>Puts the announcement of a change for other instances into the batch that commits it (nothing on one instance).</summary>
    void Enlist(WriteTurn turn, Guid documentId, long sequence, long textVersion);

    /// <summary>Puts the announcement of a registry change into the batch that commits it (nothing on one instance).</summary>
    void EnlistRegistry(WriteTurn turn);

    DocumentSubscription Subscribe(Guid documentId);
}

/// <summary>A listener's wake-up signal; the latest signalled sequence wins, so a slow listener never queues.</summary>
public sealed class DocumentSubscription(Action<DocumentSubscription> unsubscribe) : IDisposable
{
    private readonly Channel<long> _signals = Channel.CreateBounded<long>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    });

    internal void Signal(long sequence) => _signals.Writer.TryWrite(sequence);

    /// <summary>Waits for a change or the timeout; true when something changed.</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            await _signals.Reader.WaitToReadAsync(timer.Token);
            while (_signals.Reader.TryRead(out _))
            {
            }

            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public void Dispose() => unsubscribe(this);
}

/// <summary>The single-instance path: listeners in this process are told directly.</summary>
public sealed class InProcessDocumentChangeNotifier : IDocumentChangeNotifier
{
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<DocumentSubscription, byte>> _listeners = new();

    public void Notify(Guid documentId, long sequence, long textVersion) => Wake(documentId, sequence);

    /// <summary>Wakes this process's listeners to the document.</summary>
    public void Wake(Guid documentId, long sequence)
    {
        if (_listeners.TryGetValue(documentId, out var listeners))
        {
            foreach (var listener in listeners.Keys)
            {
                listener.Signal(sequence);
            }
        }
    }

    /// <summary>One instance: the journal has already cleared this instance's keys.</summary>
    public void NotifyRegistry()
    {
    }

    public void Enlist(WriteTurn turn, Guid documentId, long sequence, long textVersion)
    {
    }

    public void EnlistRegistry(WriteTurn turn)
    {
    }

    /// <summary>Wakes every listener, for after a gap in notifications.</summary>
    public void NotifyAll()
    {
        foreach (var listeners in _listeners.Values)
        {
            foreach (var listener in listeners.Keys)
            {
                listener.Signal(0);
            }
        }
    }

    public DocumentSubscription Subscribe(Guid documentId)
    {
        var listeners = _listeners.GetOrAdd(documentId, _ => new ConcurrentDictionary<DocumentSubscription, byte>());
        var subscription = new DocumentSubscription(s => listeners.TryRemove(s, out _));
        listeners[subscription] = 0;
        return subscription;
    }
}
