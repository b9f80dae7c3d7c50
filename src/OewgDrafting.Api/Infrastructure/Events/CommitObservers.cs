using OewgDrafting.Api.Infrastructure.Auth;
using OewgDrafting.Api.Infrastructure.Caching;

namespace OewgDrafting.Api.Infrastructure.Events;

/// <summary>What a command committed: each document's new version and text version, its event types, and whether the registry changed.</summary>
public sealed record CommittedChange(IReadOnlyDictionary<Guid, (long Sequence, long TextVersion)> Documents, IReadOnlyList<EventType> Types,
    bool RegistryChanged, TimeSpan Elapsed);

/// <summary>
/// Told of each command's change after its commit and before its writer is answered (so that the writer's next read
/// sees it). Each observer does one thing; none may fail the command, which is durable already.
/// </summary>
public interface ICommitObserver
{
    void Committed(CommittedChange change);
}

/// <summary>This instance's caches move on: documents' versions (cached reads), and keys after a registry change.</summary>
public sealed class CacheObserver(DocumentHeads heads, ApiKeyCache keys) : ICommitObserver
{
    public void Committed(CommittedChange change)
    {
        foreach (var (documentId, (sequence, textVersion)) in change.Documents)
        {
            heads.Advance(documentId, sequence, textVersion);
        }

        if (change.RegistryChanged)
        {
            keys.Clear();
        }
    }
}

/// <summary>Listeners are woken: event streams here, and other instances (see <see cref="IDocumentChangeNotifier"/>).</summary>
public sealed class NotifierObserver(IDocumentChangeNotifier notifier) : ICommitObserver
{
    public void Committed(CommittedChange change)
    {
        foreach (var (documentId, (sequence, textVersion)) in change.Documents)
        {
            notifier.Notify(documentId, sequence, textVersion);
        }

        if (change.RegistryChanged)
        {
            notifier.NotifyRegistry();
        }
    }
}

/// <summary>Counts committed events by type and records how long each write took.</summary>
public sealed class MetricsObserver : ICommitObserver
{
    public void Committed(CommittedChange change)
    {
        foreach (var type in change.Types)
        {
            Telemetry.DraftingMetrics.Committed(type.Name);
        }

        foreach (var documentId in change.Documents.Keys)
        {
            Telemetry.DraftingMetrics.WriteDuration.Record(change.Elapsed.TotalMilliseconds,
                new KeyValuePair<string, object?>("document", documentId.ToString()));
        }
    }
}
