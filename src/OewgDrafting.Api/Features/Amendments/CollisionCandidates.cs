using Npgsql;
using NpgsqlTypes;
using OewgDrafting.Api.Infrastructure.Caching;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain.Amendments;

namespace OewgDrafting.Api.Features.Amendments;

/// <summary>
/// PostgreSQL: the collision candidates of the proposals being answered, found for many of them in one statement.
/// Every proposal's answer asks for its candidates after its commit (<see cref="DescribeProposal"/>); a batch of writes
/// commits tens of proposals at once, and each asked alone: a connection rented, a round trip, and the executor's
/// start-up of the same plan of three bounded, sorted index scans, the largest single cost of PostgreSQL under the
/// write load. Now the first proposal to ask, when no statement is running, sends one for every proposal waiting; those
/// that ask meanwhile wait for the next, sent as soon as it returns. The rows are those each proposal's own statement
/// would have read, at a time after its commit as before: each proposal's parameters are one row of arrays, and each of
/// its three scans is the same bounded scan, joined laterally.
/// </summary>
public sealed class CollisionCandidates(DraftingConnections connections)
{
    /// <summary>Most answers served by one statement (each reads at most 143 rows); the rest wait for the next.</summary>
    public const int MaxAsks = 256;

    private readonly object _lock = new();
    private List<Ask> _waiting = [];
    private bool _running;
    private long _statements;
    private long _answered;

    /// <summary>How many statements were sent (for tests that check asks are served together).</summary>
    internal long Statements => Interlocked.Read(ref _statements);

    /// <summary>How many asks wait for the next statement.</summary>
    internal int Waiting
    {
        get
        {
            lock (_lock)
            {
                return _waiting.Count;
            }
        }
    }

    /// <summary>How many asks were answered.</summary>
    internal long Answered => Interlocked.Read(ref _answered);

    /// <summary>Runs before each statement is sent, with the asks it serves (a test hook: lets asks pile up).</summary>
    internal Func<int, Task>? BeforeStatement { get; set; }

    private sealed record Ask(Guid BlockId, Guid Id, int Version, int Start, int End)
    {
        public TaskCompletionSource<List<CandidateAmendment>> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>
    /// The pending amendments of <paramref name="blockId"/> other than <paramref name="id"/> that may collide with a span
    /// (<paramref name="start"/>, <paramref name="end"/>) of version <paramref name="version"/>: the whole-paragraph ones,
    /// the current ones that overlap, and the older ones, each bounded (see <see cref="DescribeProposal"/>).
    /// </summary>
    public Task<List<CandidateAmendment>> FindAsync(Guid blockId, Guid id, int version, int start, int end)
    {
        var ask = new Ask(blockId, id, version, start, end);
        bool lead;
        lock (_lock)
        {
            _waiting.Add(ask);
            lead = !_running;
            _running = true;
        }

        if (lead)
        {
            // Not awaited here: the statements go on while anyone waits, and this proposal's answer need not wait for them.
            _ = RunAsync();
        }

        return ask.Answer.Task;
    }

    private async Task RunAsync()
    {
        while (true)
        {
            List<Ask> asks;
            lock (_lock)
            {
                if (_waiting.Count == 0)
                {
                    _running = false;
                    return;
                }

                if (_waiting.Count <= MaxAsks)
                {
                    asks = _waiting;
                    _waiting = [];
                }
                else
                {
                    asks = _waiting.GetRange(0, MaxAsks);
                    _waiting.RemoveRange(0, MaxAsks);
                }
            }

            try
            {
                if (BeforeStatement is { } hook)
                {
                    await hook(asks.Count);
                }

                var found = await QueryAsync(asks);
                Interlocked.Increment(ref _statements);
                for (var i = 0; i < asks.Count; i++)
                {
                    Interlocked.Increment(ref _answered);
                    asks[i].Answer.TrySetResult(found[i]);
                }
            }
            catch (Exception e)
            {
                foreach (var ask in asks)
                {
                    ask.Answer.TrySetException(e);
                }
            }
        }
    }

    private static readonly string Columns = CandidateAmendment.Columns("a");

    private static string Scan(string condition, int limit) =>
        $"(SELECT {Columns} FROM \"amendments\" a WHERE a.\"BlockId\" = p.block AND a.\"Status\" = '{nameof(AmendmentStatus.Proposed)}' "
        + $"AND a.\"ParentId\" IS NULL AND {condition} AND a.\"Id\" <> p.id ORDER BY a.\"Number\" LIMIT {limit})";

    // The three scans of DescribeProposal's single-proposal query, the same conditions and bounds, for each row of
    // parameters. Each still runs in the (BlockId, Status, Kind, BaseVersion, AnchorStart, AnchorEnd) index.
    private static readonly string Sql =
        "SELECT p.ord, c.* FROM unnest(@blocks, @ids, @versions, @starts, @ends) WITH ORDINALITY AS p(block, id, version, s, e, ord) "
        + "CROSS JOIN LATERAL ("
        + Scan($"a.\"Kind\" IN ({DescribeProposal.WholeParagraphKinds})", DescribeProposal.MaxCollisions + 1)
        + " UNION ALL "
        + Scan($"a.\"Kind\" IN ({DescribeProposal.InTextKinds}) AND a.\"BaseVersion\" = p.version AND a.\"AnchorStart\" < p.e AND p.s < a.\"AnchorEnd\"",
            DescribeProposal.MaxCollisions + 1)
        + " UNION ALL "
        + Scan($"a.\"Kind\" IN ({DescribeProposal.InTextKinds}) AND a.\"BaseVersion\" < p.version", DescribeProposal.MaxStaleExamined + 1)
        + ") c";

    private async Task<List<CandidateAmendment>[]> QueryAsync(List<Ask> asks)
    {
        var found = asks.Select(_ => new List<CandidateAmendment>()).ToArray();
        await using var connection = (NpgsqlConnection)connections.Create();
        await connection.OpenAsync(CancellationToken.None);
        await using var command = new NpgsqlCommand(Sql, connection);
        command.Parameters.Add(new NpgsqlParameter("blocks", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = asks.Select(a => a.BlockId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid) { Value = asks.Select(a => a.Id).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("versions", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = asks.Select(a => a.Version).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("starts", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = asks.Select(a => a.Start).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("ends", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = asks.Select(a => a.End).ToArray() });
        // Bounded: each ask reads at most 143 rows, and nobody's request is cancelled with a statement that serves others.
        await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
        while (await reader.ReadAsync(CancellationToken.None))
        {
            found[reader.GetInt64(0) - 1].Add(CandidateAmendment.Read(reader, 1));
        }

        return found;
    }
}
