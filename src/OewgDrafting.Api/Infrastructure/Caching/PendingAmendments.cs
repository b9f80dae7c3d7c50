using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore.Metadata;
using OewgDrafting.Api.Features.Amendments;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain.Amendments;
using OewgDrafting.Domain.Documents;

namespace OewgDrafting.Api.Infrastructure.Caching;

/// <summary>
/// The pending amendments of the paragraphs proposals were answered on, kept in memory on SQLite, where this process
/// is the database's only writer: a proposal's answer (its collisions, see <c>DescribeProposal</c>) reads them here
/// instead of querying the database after its commit. That query was the largest part of a proposal's cost under load:
/// each commit empties the page cache of every other SQLite connection, so each answer read its pages again.
/// <para>
/// A paragraph is loaded on its first answer, in one statement (one read snapshot) that also reads its document's
/// version. After each commit, before anyone is answered, the writer applies what the batch's commands did to
/// amendments (<see cref="Committed"/>), in the order of commit: a proposed amendment is added; any other change to an
/// amendment (a decision, a withdrawal, an edit) drops its paragraph, read again on its next answer. Changes committed
/// while a paragraph loads wait, and are applied when the load is in unless the snapshot already held them (their
/// event's sequence is at most the version it read). Answers therefore see at least every commit before their own,
/// as the query did. On PostgreSQL several instances write, and the query stays.
/// </para>
/// </summary>
public sealed class PendingAmendments(DraftingConnections connections, SqliteReaders readers)
{
    /// <summary>What a command did to an amendment of a paragraph: proposed it (<paramref name="Proposed"/>), or anything else (null).</summary>
    public sealed record Change(Guid DocumentId, Guid BlockId, CandidateAmendment? Proposed);

    private sealed class Paragraph
    {
        public readonly Dictionary<Guid, CandidateAmendment> Items = [];
        public List<(long Sequence, CandidateAmendment Entry)>? Waiting = [];
        public Task? Loading;
        public bool Loaded;
    }

    private readonly ConcurrentDictionary<Guid, Paragraph> _paragraphs = new();

    /// <summary>On SQLite, where this process is the database's only writer.</summary>
    public bool Enabled { get; } = connections.SingleWriter;

    /// <summary>
    /// After a commit, on the writer, before anyone is answered: what the batch's commands did to amendments, each with
    /// the sequence of its command's event in the amendment's document (null when it recorded none there).
    /// </summary>
    public void Committed(IEnumerable<(Change Change, long? Sequence)> changes)
    {
        foreach (var (change, sequence) in changes)
        {
            if (!_paragraphs.TryGetValue(change.BlockId, out var paragraph))
            {
                continue;
            }

            lock (paragraph)
            {
                if (change.Proposed is not { } entry || sequence is not { } at)
                {
                    _paragraphs.TryRemove(new KeyValuePair<Guid, Paragraph>(change.BlockId, paragraph));
                }
                else if (paragraph.Loaded)
                {
                    paragraph.Items[entry.Id] = entry;
                }
                else
                {
                    paragraph.Waiting!.Add((at, entry));
                }
            }
        }
    }

    /// <summary>Forgets everything (after a failure to apply a commit): paragraphs are read again as needed.</summary>
    public void Clear() => _paragraphs.Clear();

    /// <summary>
    /// The paragraph's pending amendments, as of at least every commit before this call; null when they are not kept here
    /// (PostgreSQL, or the paragraph could not be read: the caller queries).
    /// </summary>
    public async ValueTask<CandidateAmendment[]?> OfAsync(IModel model, Guid documentId, Guid blockId, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return null;
        }

        var paragraph = _paragraphs.GetOrAdd(blockId, static _ => new Paragraph());
        TaskCompletionSource? load = null;
        Task loading;
        lock (paragraph)
        {
            if (paragraph.Loaded)
            {
                return [.. paragraph.Items.Values];
            }

            if (paragraph.Loading is null)
            {
                load = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                paragraph.Loading = load.Task;
            }

            loading = paragraph.Loading;
        }

        if (load is not null)
        {
            try
            {
                await LoadAsync(model, paragraph, documentId, blockId);
                load.SetResult();
            }
            catch (Exception e)
            {
                _paragraphs.TryRemove(new KeyValuePair<Guid, Paragraph>(blockId, paragraph));
                load.SetException(e);
            }
        }

        try
        {
            await loading.WaitAsync(cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        lock (paragraph)
        {
            // Loaded, and perhaps dropped since by a later change: what it holds is still at least as recent as this
            // caller's own commit (the load began after it).
            return [.. paragraph.Items.Values];
        }
    }

    private static readonly string LoadSql =
        $"SELECT d.\"Version\", {CandidateAmendment.Columns("a")} "
        + "FROM \"documents\" AS d LEFT JOIN \"amendments\" AS a ON a.\"BlockId\" = @block AND a.\"Status\" = 'Proposed' AND a.\"ParentId\" IS NULL "
        + "WHERE d.\"Id\" = @document";

    private async Task LoadAsync(IModel model, Paragraph paragraph, Guid documentId, Guid blockId)
    {
        // Not cancelled with the request that happened to start it: others wait for it too.
        var (version, entries) = await readers.ReadAsync(LoadSql, command =>
        {
            PreparedStatements.Bind(command, "@document", model.FindEntityType(typeof(Document))!.FindProperty(nameof(Document.Id))!, documentId);
            PreparedStatements.Bind(command, "@block", model.FindEntityType(typeof(Amendment))!.FindProperty(nameof(Amendment.BlockId))!, blockId);
        }, async (rows, ct) =>
        {
            long version = 0;
            var entries = new List<CandidateAmendment>();
            while (await rows.ReadAsync(ct))
            {
                version = rows.GetInt64(0);
                if (rows.IsDBNull(1))
                {
                    continue;
                }

                entries.Add(CandidateAmendment.Read(rows, 1));
            }

            return (version, entries);
        }, CancellationToken.None);

        lock (paragraph)
        {
            foreach (var entry in entries)
            {
                paragraph.Items[entry.Id] = entry;
            }

            foreach (var (sequence, entry) in paragraph.Waiting!)
            {
                if (sequence > version)
                {
                    paragraph.Items[entry.Id] = entry;
                }
            }

            paragraph.Waiting = null;
            paragraph.Loaded = true;
        }
    }
}
