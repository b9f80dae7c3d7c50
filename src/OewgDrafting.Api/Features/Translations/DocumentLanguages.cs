using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Caching;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;

namespace OewgDrafting.Api.Features.Translations;

/// <summary>
/// Which languages a document can be read in: its original (which never changes) and its language versions. Kept per
/// instance, so that a read costs a lookup, also one that sends <c>Accept-Language</c> as every browser does. The
/// versions are read again when the document has moved on, but at most once a second: the
/// document's version moves with every proposal, and re-reading the list after each would send a room of polling
/// browsers to the database on every read. A language version created on this instance is seen at once
/// (<see cref="Forget"/>); one created on another instance, within that interval.
/// </summary>
public sealed class DocumentLanguages
{
    private readonly long _recheckMilliseconds;

    public DocumentLanguages()
        : this(TimeSpan.FromSeconds(1))
    {
    }

    /// <param name="recheckInterval">Longest a document's list of language versions is kept after the document has moved on.</param>
    public DocumentLanguages(TimeSpan recheckInterval) => _recheckMilliseconds = (long)recheckInterval.TotalMilliseconds;

    private readonly ConcurrentDictionary<Guid, string> _originals = new();
    private readonly ConcurrentDictionary<Guid, (long Version, long ReadAt, string[] Languages)> _versions = new();

    /// <summary>Forgets a document's language versions, after this instance created one: the next read asks the database.</summary>
    public void Forget(Guid documentId) => _versions.TryRemove(documentId, out _);

    /// <summary>The original's language; the database (from <paramref name="services"/>) is asked once per document.</summary>
    public async ValueTask<string> OriginalAsync(Guid documentId, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (_originals.TryGetValue(documentId, out var language))
        {
            return language;
        }

        var db = services.GetRequiredService<DraftingDbContext>();
        language = await db.Documents.AsNoTracking().Where(d => d.Id == documentId).Select(d => d.Language).SingleOrDefaultAsync(cancellationToken)
                   ?? throw new NotFoundException("Document", documentId);
        return _originals.GetOrAdd(documentId, language);
    }

    /// <summary>
    /// The language versions; the database (from <paramref name="services"/>) is asked when the document has moved on
    /// and the list is older than the recheck interval (a second), or after <see cref="Forget"/>.
    /// </summary>
    public async ValueTask<string[]> VersionsAsync(DocumentHead head, IServiceProvider services, CancellationToken cancellationToken)
    {
        var version = head.Version;
        // Real time, not the application's clock: this bounds a cache, it dates nothing.
        var now = Environment.TickCount64;
        if (_versions.TryGetValue(head.DocumentId, out var known)
            && (known.Version == version || now - known.ReadAt < _recheckMilliseconds))
        {
            return known.Languages;
        }

        var db = services.GetRequiredService<DraftingDbContext>();
        var languages = await db.LanguageVersions.AsNoTracking().Where(v => v.DocumentId == head.DocumentId).Select(v => v.Language)
            .ToArrayAsync(cancellationToken);
        _versions[head.DocumentId] = (version, now, languages);
        return languages;
    }
}
