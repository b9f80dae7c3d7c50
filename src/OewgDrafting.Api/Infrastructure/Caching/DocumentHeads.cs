using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;

namespace OewgDrafting.Api.Infrastructure.Caching;

/// <summary>
/// Every document's current version, in memory, so that a conditional or cached read never asks the
/// database. It advances after this instance's own commits (before the writer is answered) and when the
/// change notifier reports a commit made by another instance; a document not yet seen is read once.
/// Versions only move forward, so a slow load can never take a document back.
/// <para>
/// How stale can a read be? On the instance that wrote, never. On another instance, by the notification's
/// delay (PostgreSQL NOTIFY is delivered when the writer commits, typically within milliseconds); when the
/// listening connection is lost, every version is forgotten and read again. It is safe: an ETag names the
/// version it was rendered at, and every write checks versions in the database, so a stale read can make a
/// client wait for news, never overwrite it.
/// </para>
/// </summary>
public sealed class DocumentHeads
{
    private readonly ConcurrentDictionary<Guid, DocumentHead> _heads = new();

    /// <summary>The document's head, from memory; on a miss its version is read from the database (404 if it does not exist).</summary>
    public ValueTask<DocumentHead> GetAsync(Guid documentId, IServiceProvider services, CancellationToken cancellationToken) =>
        _heads.TryGetValue(documentId, out var head) ? ValueTask.FromResult(head) : LoadAsync(documentId, services, cancellationToken);

    private async ValueTask<DocumentHead> LoadAsync(Guid documentId, IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<DraftingDbContext>();
        var versions = await db.Documents.AsNoTracking().Where(d => d.Id == documentId)
            .Select(d => new { d.Version, d.TextVersion }).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("Document", documentId);
        var head = _heads.GetOrAdd(documentId, static id => new DocumentHead(id));
        head.Advance(versions.Version, versions.TextVersion);
        return head;
    }

    /// <summary>
    /// The version at which the document's clean text last changed, as far as this instance knows (null when it has not
    /// seen the document): never ahead of the database, since it moves only after commits.
    /// </summary>
    public long? KnownTextVersion(Guid documentId) => _heads.TryGetValue(documentId, out var head) ? head.TextVersion : null;

    /// <summary>A commit reached version <paramref name="version"/> (here or, by notification, on another instance).</summary>
    public void Advance(Guid documentId, long version, long textVersion) =>
        _heads.GetOrAdd(documentId, static id => new DocumentHead(id)).Advance(version, textVersion);

    /// <summary>Forgets every version, after notifications may have been missed: each is read again when next needed.</summary>
    public void Clear() => _heads.Clear();
}

/// <summary>
/// One document's current version and the representations rendered at it: one slot per view and format,
/// each holding the entity tag and (once rendered) the bytes. Slots are replaced whole, never changed.
/// </summary>
public sealed class DocumentHead(Guid documentId)
{
    private long _version;
    private long _textVersion;
    private readonly Representation?[] _slots = new Representation?[RepresentationKey.Count];

    public Guid DocumentId { get; } = documentId;

    public long Version => Volatile.Read(ref _version);

    /// <summary>The version at which the clean text last changed (<see cref="Domain.Documents.Document.TextVersion"/>).</summary>
    public long TextVersion => Volatile.Read(ref _textVersion);

    internal void Advance(long version, long textVersion)
    {
        MoveForward(ref _version, version);
        MoveForward(ref _textVersion, textVersion);
    }

    private static void MoveForward(ref long field, long value)
    {
        var current = Volatile.Read(ref field);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref field, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    private long VersionOf(RepresentationKey key) => key.FollowsText ? TextVersion : Version;

    /// <summary>The representation at the current version: its tag always, its bytes when already rendered.</summary>
    public Representation Current(RepresentationKey key)
    {
        var version = VersionOf(key);
        var slot = Volatile.Read(ref _slots[key.Index]);
        if (slot is not null && slot.Version == version)
        {
            return slot;
        }

        var tagged = new Representation(version, key.ETag(version), null);
        Volatile.Write(ref _slots[key.Index], tagged);
        return tagged;
    }

    /// <summary>Keeps bytes rendered from a document read at (<paramref name="version"/>, <paramref name="textVersion"/>), unless it has moved on meanwhile.</summary>
    public Representation Store(RepresentationKey key, long version, long textVersion, byte[] bytes)
    {
        Advance(version, textVersion);
        var at = key.FollowsText ? textVersion : version;
        var rendered = new Representation(at, key.ETag(at), bytes);
        if (at == VersionOf(key))
        {
            Volatile.Write(ref _slots[key.Index], rendered);
        }

        return rendered;
    }
}

/// <summary>What a reader gets at one version: the entity tag and, once rendered, the bytes (and, once asked for, them gzipped).</summary>
public sealed record Representation(long Version, string ETag, byte[]? Bytes)
{
    private byte[]? _gzip;
    private bool _gzipped;
    private object? _gzipLock;

    /// <summary>The weak form of the tag, which the gzipped bytes carry: the same text, other bytes.</summary>
    public string WeakETag { get; } = "W/" + ETag;

    /// <summary>The bytes gzip-compressed, compressed once (by the first reader that asks; the others wait for it).</summary>
    public byte[] Gzip() => LazyInitializer.EnsureInitialized(ref _gzip, ref _gzipped, ref _gzipLock, () =>
    {
        using var compressed = new MemoryStream(Bytes!.Length / 3 + 64);
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(Bytes);
        }

        return compressed.ToArray();
    })!;
}

/// <summary>
/// One representation of a document (a view and format of its text, its metadata, its consensus picture):
/// the slot it is cached in, its entity tag's suffix (none: the tag is the bare version), and whether it follows the
/// document's version or only its clean text's (<see cref="DocumentHead.TextVersion"/>).
/// </summary>
public readonly record struct RepresentationKey(int Index, string? Suffix, bool FollowsText = false)
{
    public const int Count = 16;

    public string ETag(long version) => Suffix is null
        ? string.Create(CultureInfo.InvariantCulture, $"\"{version}\"")
        : string.Create(CultureInfo.InvariantCulture, $"\"{version}-{Suffix}\"");
}
