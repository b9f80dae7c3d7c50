using System.Collections.Concurrent;
using OewgDrafting.Domain.Documents;

namespace OewgDrafting.Api.Infrastructure.Caching;

/// <summary>
/// Paragraphs as last read, by id, so that checking a proposal does not read its paragraph from the database every
/// time: on SQLite every commit empties the page cache of every other connection, so each such read starts cold.
/// A snapshot is used only where it cannot mislead: a paragraph's text at a given version never
/// changes (every change of the text advances the version), so a snapshot at the version a proposal names is that
/// version's text; what can change without a new version (the paragraph closed, or deleted) is checked again in the
/// proposal's turn, from the database. Anything else (another version, a paragraph not open) is read from the
/// database. On this instance a paragraph's snapshot is dropped when a command changes or deletes the paragraph,
/// before and again after its commit, so that a proposal made after that commit is checked as it would be without
/// snapshots; on another instance a stale snapshot can only turn the check before the turn into the one in it.
/// <para>
/// Each snapshot also carries the document's text version as this instance knew it just before the paragraph was read
/// (<see cref="DocumentHeads.KnownTextVersion"/>, never ahead of the database). Every change to a paragraph's status,
/// text or existence changes the document's clean text (<see cref="Events.EventJournal"/> refuses any that does not),
/// so while the document's text version is still that one, the paragraph is still as read: a proposal's turn can then
/// know, without asking the database, that its paragraph is still there and open (see the journal's pipelined writes).
/// A snapshot older than the text version this instance knows is read again, so that it can prove that again.
/// </para>
/// </summary>
public sealed class BlockSnapshots
{
    /// <summary>Most paragraphs kept; past it the snapshots are dropped and read again as needed.</summary>
    public const int MaxEntries = 100_000;

    private readonly ConcurrentDictionary<Guid, ParagraphSnapshot> _blocks = new();
    private long _generation;

    /// <summary>Taken before reading a paragraph from the database, and given back to <see cref="Keep"/>.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>
    /// The paragraph's snapshot if it is at <paramref name="version"/> and open to amendments, and was read at the
    /// document's <paramref name="textVersion"/> when that is known; else null.
    /// </summary>
    public ParagraphSnapshot? Open(Guid blockId, Guid documentId, int version, long? textVersion = null) =>
        _blocks.TryGetValue(blockId, out var snapshot) && snapshot.Block is var block && block.DocumentId == documentId
            && block.Version == version && block.Status == BlockStatus.Open
            && (textVersion is null || snapshot.TextVersion == textVersion)
            ? snapshot
            : null;

    /// <summary>
    /// Keeps a paragraph read (untracked, and never changed afterwards) from the database, unless some paragraph was
    /// dropped since <paramref name="generation"/>: that read may predate the change that dropped it.
    /// </summary>
    /// <param name="textVersion">The document's text version known just before the read (null when unknown).</param>
    public void Keep(Block block, long generation, long? textVersion = null)
    {
        if (Generation != generation)
        {
            return;
        }

        if (_blocks.Count >= MaxEntries)
        {
            _blocks.Clear();
        }

        var snapshot = new ParagraphSnapshot(block, textVersion);
        _blocks[block.Id] = snapshot;
        // A drop between the check above and the write would not have seen this snapshot: take it back.
        if (Generation != generation)
        {
            _blocks.TryRemove(KeyValuePair.Create(block.Id, snapshot));
        }
    }

    /// <summary>Drops the snapshots of paragraphs a command changes or deletes.</summary>
    public void Drop(IReadOnlyCollection<Guid> blockIds)
    {
        if (blockIds.Count == 0)
        {
            return;
        }

        Interlocked.Increment(ref _generation);
        foreach (var id in blockIds)
        {
            _blocks.TryRemove(id, out _);
        }
    }
}

/// <summary>A paragraph as read, and the document's text version known just before it was read (null when unknown).</summary>
public sealed record ParagraphSnapshot(Block Block, long? TextVersion);
