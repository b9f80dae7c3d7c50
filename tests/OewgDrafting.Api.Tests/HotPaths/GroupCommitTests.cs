using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OewgDrafting.Api.Features.Events;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Api.Tests.Infrastructure;
using static OewgDrafting.Api.Tests.Infrastructure.HttpExtensions;

namespace OewgDrafting.Api.Tests.HotPaths;

/// <summary>Writers share a transaction, each in its own savepoint, and are answered only after its commit.</summary>
public class GroupCommitTests(EmptyDatabaseFactory factory) : IClassFixture<EmptyDatabaseFactory>
{
    private static string CreateProbe(string table) => $"CREATE TABLE {table} (name TEXT NOT NULL)";

    private async Task ExecuteAsync(WriteTurn turn, string sql)
    {
        await using var command = turn.Connection.CreateCommand();
        command.Transaction = turn.Transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private async Task<List<string>> ProbeRowsAsync(string table)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DraftingDbContext>();
        // The table name is one of this class's constants.
#pragma warning disable EF1002
        return await db.Database.SqlQueryRaw<string>($"SELECT name AS \"Value\" FROM {table} ORDER BY name").ToListAsync();
#pragma warning restore EF1002
    }

    [Fact]
    public void A_batch_holds_48_commands_on_sqlite_and_256_on_postgresql_unless_set()
    {
        // SQLite's one writer serves every document: smaller batches let it go on while the last batch's answers are sent.
        Assert.Equal(48, new GroupCommitOptions().MaxBatchFor(singleWriter: true));
        Assert.Equal(256, new GroupCommitOptions().MaxBatchFor(singleWriter: false));
        Assert.Equal(8, new GroupCommitOptions { MaxBatch = 8 }.MaxBatchFor(singleWriter: true));
        Assert.Equal(1, new GroupCommitOptions { MaxBatch = 0 }.MaxBatchFor(singleWriter: false));
    }

    [Fact]
    public async Task A_refused_command_inside_a_batch_writes_nothing_while_its_batch_mates_commit_together()
    {
        factory.CreateClient();
        var committer = factory.Services.GetRequiredService<GroupCommitter>();
        var queue = committer.QueueFor(Guid.NewGuid());
        {
            var setup = await committer.EnterAsync(queue);
            await ExecuteAsync(setup, CreateProbe("probe_batch"));
            await setup.CompleteAsync();
        }

        // The first writer holds the turn while two more queue behind it: the three share one batch.
        var first = await committer.EnterAsync(queue);
        var second = committer.EnterAsync(queue);
        var third = committer.EnterAsync(queue);
        Assert.Equal(2, committer.WaitingIn(queue));

        await ExecuteAsync(first, "INSERT INTO probe_batch (name) VALUES ('first')");
        var firstDone = first.CompleteAsync();
        // The turn passed on without a commit: the first's change is not visible outside the batch yet.
        var refused = await second;
        Assert.Empty(await ProbeRowsAsync("probe_batch"));
        Assert.False(firstDone.IsCompleted);
        await ExecuteAsync(refused, "INSERT INTO probe_batch (name) VALUES ('refused')");
        await refused.AbandonAsync();

        var last = await third;
        await ExecuteAsync(last, "INSERT INTO probe_batch (name) VALUES ('third')");
        Assert.False(firstDone.IsCompleted);
        await last.CompleteAsync();
        await firstDone;

        Assert.Equal(["first", "third"], await ProbeRowsAsync("probe_batch"));
    }

    [Fact]
    public async Task A_pooled_context_goes_back_to_the_pool_on_its_own_connection_and_leaves_the_writer_open()
    {
        factory.CreateClient();
        var committer = factory.Services.GetRequiredService<GroupCommitter>();
        DraftingDbContext pooled;
        System.Data.Common.DbConnection writer;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            pooled = scope.ServiceProvider.GetRequiredService<DraftingDbContext>();
            var journal = scope.ServiceProvider.GetRequiredService<OewgDrafting.Api.Infrastructure.Events.EventJournal>();
            await journal.EnterAsync(committer.QueueFor(Guid.NewGuid()));
            writer = pooled.Database.GetDbConnection();
            Assert.NotNull(pooled.Database.CurrentTransaction);
            await journal.AbandonAsync();
        }

        // Reset by the pool for its next request: not on the batch's connection, in no transaction, tracking nothing.
        // (Renting every context the pool holds, and more, is sure to rent that one again.)
        var scopes = Enumerable.Range(0, 64).Select(_ => factory.Services.CreateAsyncScope()).ToList();
        try
        {
            var rented = scopes.Select(s => s.ServiceProvider.GetRequiredService<DraftingDbContext>()).ToList();
            Assert.Contains(pooled, rented);
            Assert.All(rented, context =>
            {
                Assert.NotSame(writer, context.Database.GetDbConnection());
                Assert.Null(context.Database.CurrentTransaction);
                Assert.False(context.ChangeTracker.HasChanges());
            });
            // And it reads, on a connection of its own.
            Assert.True(await rented[rented.IndexOf(pooled)].Documents.AsNoTracking().CountAsync() >= 0);
        }
        finally
        {
            foreach (var scope in scopes)
            {
                await scope.DisposeAsync();
            }
        }

        // SQLite keeps one writer connection, with its prepared statements, open for the next batch: the pool's reset
        // did not close it. (PostgreSQL takes a connection from its pool per batch.)
        if (factory.Services.GetRequiredService<DraftingConnections>().SingleWriter)
        {
            Assert.Equal(System.Data.ConnectionState.Open, writer.State);
            var probe = await committer.EnterAsync(committer.QueueFor(Guid.NewGuid()));
            Assert.Same(writer, probe.Connection);
            await probe.CompleteAsync();
        }
    }

    [Fact]
    public async Task A_batch_of_proposals_reads_the_documents_last_amendment_number_once_not_once_each()
    {
        factory.CreateClient();
        if (!factory.Services.GetRequiredService<DraftingConnections>().SingleWriter)
        {
            return; // The statements are watched on SQLite's one writer connection.
        }

        var document = await factory.CreateOpenAsync();
        await factory.EnsureDelegationAsync("ESP");
        var spain = await factory.ClientForAsync("ESP");
        var paragraph = document.Blocks[1];
        var committer = factory.Services.GetRequiredService<GroupCommitter>();

        // The turn is held while the proposals prepare, so that they queue up and share the next batch.
        var holder = await committer.EnterAsync(committer.QueueFor(document.Id));
        var writer = (Microsoft.Data.Sqlite.SqliteConnection)holder.Connection;
        var lastNumberReads = 0;
        SQLitePCL.raw.sqlite3_trace(writer.Handle, (SQLitePCL.strdelegate_trace)((_, sql) =>
        {
            if (sql.Contains("MAX(\"Number\")", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref lastNumberReads);
            }
        }), null);
        try
        {
            var proposals = Enumerable.Range(0, 5).Select(i => spain.PostAsync($"/api/documents/{document.Id}/amendments",
                JsonBody(new { kind = "replace", blockId = paragraph.Id, baseVersion = paragraph.Version, quote = "cooperate", text = $"n{i}" }))).ToList();
            var queue = committer.QueueFor(document.Id);
            for (var i = 0; i < 1000 && committer.WaitingIn(queue) < proposals.Count; i++)
            {
                await Task.Delay(10);
            }

            Assert.Equal(proposals.Count, committer.WaitingIn(queue));
            await holder.CompleteAsync();
            var answers = await Task.WhenAll(proposals);
            Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        }
        finally
        {
            SQLitePCL.raw.sqlite3_trace(writer.Handle, (SQLitePCL.strdelegate_trace?)null, null);
        }

        // Once for the batch: the later proposals go on from the number the batch gave last.
        Assert.Equal(1, lastNumberReads);
    }

    [Fact]
    public async Task A_proposal_on_a_paragraph_closed_or_deleted_earlier_in_its_batch_is_refused_and_writes_nothing_while_its_batch_mates_commit()
    {
        // DOMAIN: amendments are tabled on open paragraphs only. Once a batch has numbered an amendment, a proposal's
        // check of its paragraph travels with its inserts (one round trip), which it guards: here the check fails on
        // what earlier commands of the same batch did, in the same transaction.
        var document = await factory.CreateOpenAsync(
            new { kind = "paragraph", label = "1", text = "States shall cooperate." },
            new { kind = "paragraph", label = "2", text = "States shall cooperate again." },
            new { kind = "paragraph", label = "3", text = "States shall cooperate once more." });
        await factory.EnsureDelegationAsync("ESP");
        var spain = await factory.ClientForAsync("ESP");
        var chair = factory.ChairClient();
        var (open, agreed, deleted) = (document.Blocks[0], document.Blocks[1], document.Blocks[2]);
        var committer = factory.Services.GetRequiredService<GroupCommitter>();
        var queue = committer.QueueFor(document.Id);
        // The turn is held while the commands line up behind it, one by one, in this order: they share the next batch.
        var line = await Line.HoldAsync(committer, queue);
        await line.AddAsync(() => spain.PostAsync($"/api/documents/{document.Id}/amendments", JsonBody(Replace(open, "work together"))));
        await line.AddAsync(() => chair.PostAsync($"/api/documents/{document.Id}/blocks/{agreed.Id}/agree", null));
        await line.AddAsync(() => chair.DeleteAsync($"/api/documents/{document.Id}/blocks/{deleted.Id}?expectedVersion={deleted.Version}"));
        await line.AddAsync(() => spain.PostAsync($"/api/documents/{document.Id}/amendments", JsonBody(Replace(agreed, "late"))));
        await line.AddAsync(() => spain.PostAsync($"/api/documents/{document.Id}/amendments", JsonBody(Replace(deleted, "gone"))));
        await line.AddAsync(() => spain.PostAsync($"/api/documents/{document.Id}/amendments", JsonBody(Replace(open, "act together"))));
        var answers = await line.ReleaseAsync();

        Assert.Equal(HttpStatusCode.Created, answers[0].StatusCode);
        Assert.True(answers[1].IsSuccessStatusCode, $"agree: {(int)answers[1].StatusCode}");
        Assert.True(answers[2].IsSuccessStatusCode, $"delete: {(int)answers[2].StatusCode}");
        var notOpen = await answers[3].AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("blockNotOpen", notOpen["reasons"]![0]!.GetValue<string>());
        var gone = await answers[4].AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("blockGone", gone["reasons"]![0]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, answers[5].StatusCode);

        // Nothing of the refused proposals: two amendments, numbered without a gap, one event per acknowledged change.
        var amendments = await (await spain.GetAsync($"/api/documents/{document.Id}/amendments")).ReadAsync<List<Features.Amendments.AmendmentResponse>>();
        Assert.Equal([(1, open.Id), (2, open.Id)], amendments.Select(a => (a.Number, a.BlockId)).Order());
        var page = await (await chair.GetAsync($"/api/documents/{document.Id}/events?limit=1000")).ReadAsync<EventPage>();
        Assert.Equal(Enumerable.Range(1, (int)page.LastSequence).Select(i => (long)i), page.Events.Select(e => e.Sequence));
        Assert.Equal(["amendmentProposed", "blockAgreed", "blockDeleted", "amendmentProposed"], page.Events.TakeLast(4).Select(e => e.Type));
    }

    [Fact]
    public async Task A_writer_alone_commits_at_once()
    {
        factory.CreateClient();
        var committer = factory.Services.GetRequiredService<GroupCommitter>();
        var queue = committer.QueueFor(Guid.NewGuid());
        var alone = await committer.EnterAsync(queue);
        await ExecuteAsync(alone, CreateProbe("probe_alone"));
        await ExecuteAsync(alone, "INSERT INTO probe_alone (name) VALUES ('alone')");
        await alone.CompleteAsync().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(["alone"], await ProbeRowsAsync("probe_alone"));
    }

    [Fact]
    public async Task Waiting_writers_get_the_turn_in_arrival_order()
    {
        factory.CreateClient();
        var committer = factory.Services.GetRequiredService<GroupCommitter>();
        var queue = committer.QueueFor(Guid.NewGuid());
        var first = await committer.EnterAsync(queue);
        await ExecuteAsync(first, CreateProbe("probe_order"));

        // Each continuation runs where the turn was handed over, inline.
        var resumed = new System.Collections.Concurrent.ConcurrentQueue<(int Index, int Thread)>();
        var waiting = Enumerable.Range(1, 5).Select(i => committer.EnterAsync(queue).ContinueWith(entered =>
        {
            resumed.Enqueue((i, Environment.CurrentManagedThreadId));
            return entered.Result;
        }, TaskContinuationOptions.ExecuteSynchronously)).ToList();

        var completions = new List<Task> { first.CompleteAsync() };
        foreach (var (entered, i) in waiting.Select((t, i) => (t, i + 1)))
        {
            var turn = await entered.WaitAsync(TimeSpan.FromSeconds(5));
            await ExecuteAsync(turn, $"INSERT INTO probe_order (name) VALUES ('writer {i}')");
            completions.Add(turn.CompleteAsync());
        }

        await Task.WhenAll(completions).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal([1, 2, 3, 4, 5], resumed.Select(r => r.Index));
        Assert.Equal(Enumerable.Range(1, 5).Select(i => $"writer {i}"), await ProbeRowsAsync("probe_order"));
    }

    [Fact]
    public async Task Concurrent_proposals_and_refusals_leave_one_event_per_acknowledged_change_and_gap_free_sequences()
    {
        var document = await factory.CreateOpenAsync();
        await factory.EnsureDelegationAsync("ESP");
        var spain = await factory.ClientForAsync("ESP");
        var paragraph = document.Blocks[1];
        // Half of them quote words that are not in the paragraph: refused in their turn's preparation, they append nothing.
        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => spain.PostAsync($"/api/documents/{document.Id}/amendments",
            JsonBody(new { kind = "replace", blockId = paragraph.Id, baseVersion = paragraph.Version, quote = i % 2 == 0 ? "cooperate" : $"absent{i}", text = $"t{i}" }))));

        Assert.Equal(20, results.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(20, results.Count(r => r.StatusCode == HttpStatusCode.UnprocessableEntity));
        var page = await (await factory.ChairClient().GetAsync($"/api/documents/{document.Id}/events?limit=1000")).ReadAsync<EventPage>();
        Assert.Equal(Enumerable.Range(1, (int)page.LastSequence).Select(i => (long)i), page.Events.Select(e => e.Sequence));
        Assert.Equal(20, page.Events.Count(e => e.Type == "amendmentProposed"));
        var numbers = (await (await spain.GetAsync($"/api/documents/{document.Id}/amendments")).ReadAsync<List<Features.Amendments.AmendmentResponse>>())
            .Select(a => a.Number).Order();
        Assert.Equal(Enumerable.Range(1, 20), numbers);
    }

    [Fact]
    public async Task On_sqlite_the_write_ahead_log_is_copied_back_by_the_checkpointer_beside_the_writer_not_by_the_writer()
    {
        factory.CreateClient();
        if (!factory.Services.GetRequiredService<DraftingConnections>().SingleWriter)
        {
            return;
        }

        var committer = factory.Services.GetRequiredService<GroupCommitter>();
        var queue = committer.QueueFor(Guid.Empty);
        var turn = await committer.EnterAsync(queue);
        await using (var pragma = turn.Connection.CreateCommand())
        {
            // The committing connection never stops to checkpoint: a commit does not wait for the database file.
            pragma.Transaction = turn.Transaction;
            pragma.CommandText = "PRAGMA wal_autocheckpoint";
            Assert.Equal(0L, await pragma.ExecuteScalarAsync());
        }

        await ExecuteAsync(turn, CreateProbe("probe_checkpoint"));
        await ExecuteAsync(turn, "INSERT INTO probe_checkpoint (name) VALUES ('checkpointed')");
        await turn.CompleteAsync();

        // The database file alone (immutable: without the log) shows the row once the checkpointer has copied it back.
        var checkpointer = factory.Services.GetRequiredService<WalCheckpointer>();
        var seen = new List<string>();
        for (var attempt = 0; attempt < 100 && seen.Count == 0; attempt++)
        {
            await Task.Delay(100);
            // Not pooled: an immutable connection never looks at the file again, and a pooled one would answer from the pages
            // it read on the first attempt, before the checkpoint.
            await using var file = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source=file:{factory.DatabasePath}?immutable=1;Pooling=False");
            await file.OpenAsync();
            await using var read = file.CreateCommand();
            try
            {
                read.CommandText = "SELECT name FROM sqlite_master WHERE name = 'probe_checkpoint'";
                if (await read.ExecuteScalarAsync() is not null)
                {
                    read.CommandText = "SELECT name FROM probe_checkpoint";
                    seen.Add((string)(await read.ExecuteScalarAsync())!);
                }
            }
            catch (Microsoft.Data.Sqlite.SqliteException e) when (e.SqliteErrorCode is 11)
            {
                // An immutable reader takes no lock: caught while the checkpointer is copying pages back, it may see the
                // table's schema before its root page ("malformed database schema"). Look again once the copy is done.
            }
        }

        Assert.Equal(["checkpointed"], seen);
        Assert.True(checkpointer.Checkpoints > 0);
    }

    /// <summary>Requests lined up, one by one and in order, behind a holder of the write turn: they share its next batch.</summary>
    internal sealed class Line(GroupCommitter committer, Guid queue, WriteTurn holder)
    {
        public static async Task<Line> HoldAsync(GroupCommitter committer, Guid queue) => new(committer, queue, await committer.EnterAsync(queue));

        public WriteTurn Holder => holder;

        public List<Task<HttpResponseMessage>> Sent { get; } = [];

        /// <summary>Sends a request and waits until it waits in the write queue.</summary>
        public async Task AddAsync(Func<Task<HttpResponseMessage>> send)
        {
            var before = committer.WaitingIn(queue);
            Sent.Add(send());
            for (var i = 0; i < 1000 && committer.WaitingIn(queue) <= before; i++)
            {
                await Task.Delay(10);
            }

            Assert.True(committer.WaitingIn(queue) > before, "The command did not reach the write queue.");
        }

        /// <summary>
        /// Lets the line go, and returns the answers in the order the requests were sent. The holder is in their batch:
        /// with <paramref name="batchMayFail"/>, its batch may fail (the requests' answers tell).
        /// </summary>
        public async Task<HttpResponseMessage[]> ReleaseAsync(bool batchMayFail = false)
        {
            try
            {
                await holder.CompleteAsync();
            }
            catch (BatchCommitFailedException) when (batchMayFail)
            {
            }

            return await Task.WhenAll(Sent);
        }
    }

    private static object Replace(Features.Documents.BlockResponse block, string text) =>
        new { kind = "replace", blockId = block.Id, baseVersion = block.Version, quote = "cooperate", text };

    /// <summary>An open document of two paragraphs that both say "cooperate", and Spain's client.</summary>
    private async Task<(Features.Documents.DocumentResponse Document, HttpClient Spain, Features.Documents.BlockResponse First,
        Features.Documents.BlockResponse Second)> TwoParagraphsAsync()
    {
        var document = await factory.CreateOpenAsync(
            new { kind = "paragraph", label = "1", text = "States shall cooperate." },
            new { kind = "paragraph", label = "2", text = "States shall cooperate again." });
        await factory.EnsureDelegationAsync("ESP");
        return (document, await factory.ClientForAsync("ESP"), document.Blocks[0], document.Blocks[1]);
    }

    [Fact]
    public async Task Proposals_earlier_in_a_batch_are_pending_for_the_chairs_agreement_later_in_it()
    {
        // DOMAIN: the chair agrees a paragraph only while no amendment to it is pending. The proposals after the first of
        // the batch were read while the document's text stood where the batch has it, so their check is not made in the
        // turn, and on PostgreSQL their inserts wait in the batch. The chair's agreement, later in the same batch, must
        // still find them pending (they are sent before anything of the agreement is read).
        var (document, spain, first, second) = await TwoParagraphsAsync();
        var chair = factory.ChairClient();
        var committer = factory.Services.GetRequiredService<GroupCommitter>();

        var line = await Line.HoldAsync(committer, committer.QueueFor(document.Id));
        await line.AddAsync(() => spain.PostAsync($"/api/documents/{document.Id}/amendments", JsonBody(Replace(first, "work together"))));
        await line.AddAsync(() => spain.PostAsync($"/api/documents/{document.Id}/amendments", JsonBody(Replace(second, "act"))));
        await line.AddAsync(() => spain.PostAsync($"/api/documents/{document.Id}/amendments", JsonBody(Replace(second, "act at once"))));
        await line.AddAsync(() => chair.PostAsync($"/api/documents/{document.Id}/blocks/{second.Id}/agree", null));
        await line.AddAsync(() => spain.PostAsync($"/api/documents/{document.Id}/amendments", JsonBody(Replace(first, "act together"))));
        var answers = await line.ReleaseAsync();

        Assert.All(answers.Where((_, i) => i != 3), a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        var blocked = await answers[3].AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("blocked", blocked["reasons"]![0]!.GetValue<string>());
        Assert.Equal(2, blocked["blockers"]![0]!["pendingAmendments"]!.AsArray().Count);

        var amendments = await (await spain.GetAsync($"/api/documents/{document.Id}/amendments")).ReadAsync<List<Features.Amendments.AmendmentResponse>>();
        Assert.Equal([(1, first.Id), (2, second.Id), (3, second.Id), (4, first.Id)], amendments.Select(a => (a.Number, a.BlockId)).Order());
        var page = await (await chair.GetAsync($"/api/documents/{document.Id}/events?limit=1000")).ReadAsync<EventPage>();
        Assert.Equal(Enumerable.Range(1, (int)page.LastSequence).Select(i => (long)i), page.Events.Select(e => e.Sequence));
        Assert.Equal(Enumerable.Repeat("amendmentProposed", 4), page.Events.TakeLast(4).Select(e => e.Type));
    }

    [Fact]
    public async Task A_proposal_after_a_position_in_its_batch_takes_the_next_number_of_its_document()
    {
        // The position opens the document in the batch without numbering anything; the proposal's paragraph is known
        // unchanged, yet its number must still come from the document's last one.
        var (document, spain, first, second) = await TwoParagraphsAsync();
        Assert.Equal(HttpStatusCode.Created, (await spain.PostAsync($"/api/documents/{document.Id}/amendments", JsonBody(Replace(second, "a")))).StatusCode);
        var committer = factory.Services.GetRequiredService<GroupCommitter>();

        var line = await Line.HoldAsync(committer, committer.QueueFor(document.Id));
        await line.AddAsync(() => spain.PutAsync($"/api/documents/{document.Id}/blocks/{first.Id}/positions/ESP", JsonBody(new { stance = "support" })));
        await line.AddAsync(() => spain.PostAsync($"/api/documents/{document.Id}/amendments", JsonBody(Replace(second, "b"))));
        var answers = await line.ReleaseAsync();

        Assert.True(answers[0].IsSuccessStatusCode, answers[0].StatusCode.ToString());
        Assert.Equal(HttpStatusCode.Created, answers[1].StatusCode);
        Assert.Equal(2, (await answers[1].ReadAsync<Features.Amendments.AmendmentResponse>()).Number);
    }

    [Fact]
    public async Task A_proposal_and_the_compromise_that_merges_it_are_stored_whole_numbered_in_order_and_chained()
    {
        // A proposal only adds its amendment and its event (inserted without EF Core's tracker); the chair's compromise
        // adds the same two rows and changes the amendments it merges. Both are stored whole, numbered in order, and
        // their events chain.
        var document = await factory.CreateOpenAsync(new { kind = "paragraph", label = "1", text = "States shall cooperate closely." });
        await factory.EnsureDelegationAsync("ESP");
        await factory.EnsureDelegationAsync("FRA");
        var spain = await factory.ClientForAsync("ESP");
        var chair = factory.ChairClient();
        var paragraph = document.Blocks[0];
        var proposed = await spain.PostAsync($"/api/documents/{document.Id}/amendments", JsonBody(new
        {
            kind = "replace", blockId = paragraph.Id, baseVersion = paragraph.Version, quote = "cooperate", text = "work together",
            cosponsors = new[] { "FRA" }, justification = "Plainer.",
        }));
        Assert.Equal(HttpStatusCode.Created, proposed.StatusCode);
        var first = await proposed.ReadAsync<Features.Amendments.AmendmentResponse>();
        var second = await spain.ProposeAsync(document.Id, new { kind = "delete", blockId = paragraph.Id, baseVersion = paragraph.Version, quote = " closely" });

        var merged = await chair.PostAsync($"/api/documents/{document.Id}/amendments/merge", JsonBody(new
        {
            amendmentIds = new[] { first.Id, second.Id },
            kind = "replace", blockId = paragraph.Id, baseVersion = paragraph.Version, quote = "cooperate closely", text = "work together",
        }));
        Assert.Equal(HttpStatusCode.Created, merged.StatusCode);
        var compromise = await merged.ReadAsync<Features.Amendments.AmendmentResponse>();

        var stored = await (await chair.GetAsync($"/api/documents/{document.Id}/amendments/{first.Id}")).ReadAsync<Features.Amendments.AmendmentResponse>();
        Assert.Equal((1, "ESP", "cooperate", "work together", "Plainer.", Domain.Amendments.AmendmentStatus.Merged, (Guid?)compromise.Id),
            (stored.Number, stored.Proposer, stored.Quote, stored.Text, stored.Justification, stored.Status, stored.MergedInto));
        Assert.Equal(["FRA"], stored.Cosponsors.Concat(stored.Invited));
        Assert.Equal(3, compromise.Number);
        var page = await (await chair.GetAsync($"/api/documents/{document.Id}/events?limit=1000")).ReadAsync<EventPage>();
        Assert.Equal(["amendmentProposed", "amendmentsMerged"], page.Events.TakeLast(2).Select(e => e.Type));
        var check = await (await chair.GetAsync($"/api/documents/{document.Id}/events/verify")).ReadAsync<ChainVerification>();
        Assert.True(check.Valid, check.Problem);
        Assert.Equal(page.Events.Count, check.Verified);
    }

    [Fact]
    public async Task A_proposal_on_a_paragraph_agreed_behind_this_instances_back_is_refused_in_its_turn()
    {
        // The paragraph's snapshot predates a change made by another instance (here: written to the database behind this
        // instance's back, as another instance would, without telling it): the proposal's paragraph is checked again in
        // its turn, where it is found agreed.
        var (document, spain, first, second) = await TwoParagraphsAsync();
        var committer = factory.Services.GetRequiredService<GroupCommitter>();
        // Snapshots of both paragraphs, at the current text version.
        Assert.Equal(HttpStatusCode.Created, (await spain.PostAsync($"/api/documents/{document.Id}/amendments", JsonBody(Replace(first, "a")))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await spain.PostAsync($"/api/documents/{document.Id}/amendments", JsonBody(Replace(second, "b")))).StatusCode);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DraftingDbContext>();
            var version = await db.Documents.Where(d => d.Id == document.Id).Select(d => d.Version).SingleAsync();
            await db.Blocks.Where(b => b.Id == second.Id).ExecuteUpdateAsync(b => b.SetProperty(x => x.Status, Domain.Documents.BlockStatus.AgreedAdRef));
            await db.Documents.Where(d => d.Id == document.Id).ExecuteUpdateAsync(d => d.SetProperty(x => x.TextVersion, version));
        }

        var line = await Line.HoldAsync(committer, committer.QueueFor(document.Id));
        await line.AddAsync(() => spain.PostAsync($"/api/documents/{document.Id}/amendments", JsonBody(Replace(first, "c"))));
        await line.AddAsync(() => spain.PostAsync($"/api/documents/{document.Id}/amendments", JsonBody(Replace(second, "d"))));
        var answers = await line.ReleaseAsync();

        Assert.Equal(HttpStatusCode.Created, answers[0].StatusCode);
        var notOpen = await answers[1].AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("blockNotOpen", notOpen["reasons"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task A_batch_that_changes_two_documents_writes_each_its_own_last_version()
    {
        factory.CreateClient();
        if (!factory.Services.GetRequiredService<DraftingConnections>().SingleWriter)
        {
            return; // On PostgreSQL each document has a queue, and so a batch, of its own.
        }

        // Both documents' versions are written once, just before the batch's commit, by the same statement text.
        var first = await factory.CreateOpenAsync(new { kind = "paragraph", label = "1", text = "States shall cooperate." });
        var second = await factory.CreateOpenAsync(new { kind = "paragraph", label = "1", text = "States shall cooperate." });
        await factory.EnsureDelegationAsync("ESP");
        var spain = await factory.ClientForAsync("ESP");
        var committer = factory.Services.GetRequiredService<GroupCommitter>();

        var line = await Line.HoldAsync(committer, committer.QueueFor(first.Id));
        await line.AddAsync(() => spain.PostAsync($"/api/documents/{first.Id}/amendments", JsonBody(Replace(first.Blocks[0], "a"))));
        await line.AddAsync(() => spain.PostAsync($"/api/documents/{second.Id}/amendments", JsonBody(Replace(second.Blocks[0], "b"))));
        await line.AddAsync(() => spain.PostAsync($"/api/documents/{second.Id}/amendments", JsonBody(Replace(second.Blocks[0], "c"))));
        Assert.All(await line.ReleaseAsync(), a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DraftingDbContext>();
        foreach (var (document, proposals) in new[] { (first, 1), (second, 2) })
        {
            var stored = await db.Documents.AsNoTracking().Where(d => d.Id == document.Id).Select(d => d.Version).SingleAsync();
            var lastEvent = await db.DocumentEvents.AsNoTracking().Where(e => e.DocumentId == document.Id).MaxAsync(e => e.Sequence);
            Assert.Equal(document.Version + proposals, stored);
            Assert.Equal(stored, lastEvent);
        }
    }

    [Fact]
    public async Task A_waiting_insert_the_database_refuses_leaves_nothing_acknowledged_unstored_and_nothing_refused_stored()
    {
        // A fault of the database itself (here a trigger that refuses one amendment's text): on SQLite, whose statements
        // go at once, that proposal alone fails; on PostgreSQL, where the inserts of the proposals after the first wait
        // in the batch, the batch fails whole and nobody in it is acknowledged. Either way: acknowledged means stored.
        var document = await factory.CreateOpenAsync(
            new { kind = "paragraph", label = "1", text = "States shall cooperate." });
        await factory.EnsureDelegationAsync("ESP");
        var spain = await factory.ClientForAsync("ESP");
        var paragraph = document.Blocks[0];
        var committer = factory.Services.GetRequiredService<GroupCommitter>();
        HttpResponseMessage[] answers;
        await using (await factory.RefuseAmendmentTextAsync("refuse me"))
        {
            var line = await Line.HoldAsync(committer, committer.QueueFor(document.Id));
            foreach (var text in new[] { "first", "second", "refuse me", "fourth" })
            {
                await line.AddAsync(() => spain.PostAsync($"/api/documents/{document.Id}/amendments", JsonBody(Replace(paragraph, text))));
            }

            answers = await line.ReleaseAsync(batchMayFail: true);
        }

        var expected = factory.Services.GetRequiredService<DraftingConnections>().SingleWriter
            ? new[] { HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.InternalServerError, HttpStatusCode.Created }
            : Enumerable.Repeat(HttpStatusCode.InternalServerError, 4).ToArray();
        Assert.Equal(expected, answers.Select(a => a.StatusCode));
        foreach (var failed in answers.Where(a => a.StatusCode == HttpStatusCode.InternalServerError))
        {
            Assert.Equal("application/problem+json", failed.Content.Headers.ContentType?.MediaType);
        }

        var acknowledged = new List<string>();
        foreach (var answer in answers.Where(a => a.StatusCode == HttpStatusCode.Created))
        {
            acknowledged.Add((await answer.ReadAsync<Features.Amendments.AmendmentResponse>()).Text!);
        }

        // And the document goes on: the next proposal takes the next number, the log stays gap-free.
        Assert.Equal(HttpStatusCode.Created, (await spain.PostAsync($"/api/documents/{document.Id}/amendments", JsonBody(Replace(paragraph, "after")))).StatusCode);
        var amendments = await (await spain.GetAsync($"/api/documents/{document.Id}/amendments")).ReadAsync<List<Features.Amendments.AmendmentResponse>>();
        Assert.Equal([.. acknowledged, "after"], amendments.OrderBy(a => a.Number).Select(a => a.Text));
        Assert.Equal(Enumerable.Range(1, acknowledged.Count + 1), amendments.Select(a => a.Number).Order());
        var page = await (await factory.ChairClient().GetAsync($"/api/documents/{document.Id}/events?limit=1000")).ReadAsync<EventPage>();
        Assert.Equal(Enumerable.Range(1, (int)page.LastSequence).Select(i => (long)i), page.Events.Select(e => e.Sequence));
        Assert.Equal(acknowledged.Count + 1, page.Events.Count(e => e.Type == "amendmentProposed"));
    }
}
