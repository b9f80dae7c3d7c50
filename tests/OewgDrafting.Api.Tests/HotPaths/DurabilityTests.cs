using System.Net;
using OewgDrafting.Api.Features.Amendments;
using OewgDrafting.Api.Features.Delegations;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Features.Events;
using OewgDrafting.Api.Tests.Infrastructure;
using static OewgDrafting.Api.Tests.Infrastructure.HttpExtensions;

namespace OewgDrafting.Api.Tests.HotPaths;

/// <summary>Acknowledged means durable: the server is killed (SIGKILL) straight after answering, restarted, and read.</summary>
public sealed class DurabilityTests : IDisposable
{
    private const string ChairKey = "durability-chair-key-0123456789abcdef";
    private readonly ProcessDatabase _database = new("durability");

    public void Dispose() => _database.Dispose();

    private Task<ServerProcess> StartAsync()
    {
        var settings = _database.Settings;
        settings["Auth__ChairApiKey"] = ChairKey;
        return ServerProcess.StartAsync(settings, ChairKey);
    }

    [Fact]
    public async Task Every_acknowledged_write_survives_kill_9_straight_after_its_answer()
    {
        var server = await StartAsync();
        try
        {
            var chair = server.Client;
            Assert.True((await chair.PostAsync("/api/delegations", JsonBody(new { code = "ESP", name = "España", kind = "memberState" }))).IsSuccessStatusCode);
            var key = (await (await chair.PostAsync("/api/delegations/ESP/keys", null)).ReadAsync<IssuedKeyResponse>()).Key;
            var document = await (await chair.PostAsync("/api/documents", JsonBody(new
            {
                symbol = "A/KILL/1", title = "Durable", language = "en",
                blocks = new[] { new { kind = "paragraph", label = "1", text = "States shall cooperate in good faith." } },
            }))).ReadAsync<DocumentResponse>();
            Assert.True((await chair.PostAsync($"/api/documents/{document.Id}/open", null)).IsSuccessStatusCode);

            var acknowledged = new List<AmendmentResponse>();
            for (var cycle = 0; cycle < 3; cycle++)
            {
                using var spain = new HttpClient { BaseAddress = server.Client.BaseAddress };
                spain.DefaultRequestHeaders.Add("X-Api-Key", key);
                // A burst of writers, so that answers come out of shared batches; the kill follows the last answer at once.
                var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => spain.PostAsync($"/api/documents/{document.Id}/amendments",
                    JsonBody(new { kind = "replace", blockId = document.Blocks[0].Id, baseVersion = 1, quote = "good faith", text = $"cycle {cycle} writer {i}" }))));
                await server.KillAsync();
                foreach (var answer in answers)
                {
                    Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
                    acknowledged.Add(await answer.ReadAsync<AmendmentResponse>());
                }

                await server.DisposeAsync();
                server = await StartAsync();
            }

            var stored = await (await server.Client.GetAsync($"/api/documents/{document.Id}/amendments")).ReadAsync<List<AmendmentResponse>>();
            Assert.Equal(acknowledged.Select(a => (a.Id, a.Text)).OrderBy(a => a.Id), stored.Select(a => (a.Id, a.Text)).OrderBy(a => a.Id));
            Assert.Equal(Enumerable.Range(1, acknowledged.Count), stored.Select(a => a.Number).Order());
            var events = await (await server.Client.GetAsync($"/api/documents/{document.Id}/events?limit=1000")).ReadAsync<EventPage>();
            Assert.Equal(Enumerable.Range(1, (int)events.LastSequence).Select(i => (long)i), events.Events.Select(e => e.Sequence));
            Assert.Equal(acknowledged.Count, events.Events.Count(e => e.Type == "amendmentProposed"));
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>
    /// The crash test: writers from several delegations keep proposing while the server is killed (SIGKILL) in the middle
    /// of their requests, OEWG_CRASH_CYCLES times (5 by default). Every write that was answered 201 is there after the
    /// restart, numbers and the log are gap-free, and the log's hash chain holds.
    /// </summary>
    [Fact]
    public async Task Killed_mid_write_again_and_again_it_loses_no_acknowledged_write()
    {
        var cycles = int.TryParse(Environment.GetEnvironmentVariable("OEWG_CRASH_CYCLES"), out var configured) ? configured : 5;
        var server = await StartAsync();
        try
        {
            var chair = server.Client;
            var keys = new List<string>();
            foreach (var code in new[] { "ESP", "FRA", "MEX", "BRA" })
            {
                Assert.True((await chair.PostAsync("/api/delegations", JsonBody(new { code, name = code, kind = "memberState" }))).IsSuccessStatusCode);
                keys.Add((await (await chair.PostAsync($"/api/delegations/{code}/keys", null)).ReadAsync<IssuedKeyResponse>()).Key);
            }

            var document = await (await chair.PostAsync("/api/documents", JsonBody(new
            {
                symbol = "A/CRASH/1", title = "Crash", language = "en",
                blocks = new[] { new { kind = "paragraph", label = "1", text = "States shall cooperate in good faith." } },
            }))).ReadAsync<DocumentResponse>();
            Assert.True((await chair.PostAsync($"/api/documents/{document.Id}/open", null)).IsSuccessStatusCode);

            var acknowledged = new System.Collections.Concurrent.ConcurrentBag<(Guid Id, string? Text)>();
            var attempted = 0;
            for (var cycle = 0; cycle < cycles; cycle++)
            {
                using var stop = new CancellationTokenSource();
                // The kill waits for acknowledged writes, not for a clock: a slow or loaded machine only makes the cycle longer.
                var killAfter = 8 + 4 * cycle;
                var acknowledgedThisCycle = 0;
                var enoughAcknowledged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var writers = keys.SelectMany(key => Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
                {
                    using var client = new HttpClient { BaseAddress = server.Client.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
                    client.DefaultRequestHeaders.Add("X-Api-Key", key);
                    for (var i = 0; !stop.IsCancellationRequested; i++)
                    {
                        Interlocked.Increment(ref attempted);
                        try
                        {
                            var answer = await client.PostAsync($"/api/documents/{document.Id}/amendments", JsonBody(new
                            {
                                kind = "replace", blockId = document.Blocks[0].Id, baseVersion = 1, quote = "good faith", text = $"c{cycle} w{w} n{i}",
                            }));
                            if (answer.StatusCode == HttpStatusCode.Created)
                            {
                                var created = await answer.ReadAsync<AmendmentResponse>();
                                acknowledged.Add((created.Id, created.Text));
                                if (Interlocked.Increment(ref acknowledgedThisCycle) >= killAfter)
                                {
                                    enoughAcknowledged.TrySetResult();
                                }
                            }
                        }
                        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.IO.IOException)
                        {
                            return; // the server is gone: this request was never acknowledged
                        }
                    }
                }))).ToList();

                var acknowledgedInTime = await Task.WhenAny(enoughAcknowledged.Task, Task.Delay(TimeSpan.FromMinutes(2))) == enoughAcknowledged.Task;
                await server.KillAsync(); // in the middle of the writers' requests
                stop.Cancel();
                await Task.WhenAll(writers);
                Assert.True(acknowledgedInTime, $"cycle {cycle}: only {acknowledgedThisCycle} of {killAfter} writes were acknowledged in two minutes");
                await server.DisposeAsync();
                server = await StartAsync();
            }

            var stored = await (await server.Client.GetAsync($"/api/documents/{document.Id}/amendments")).ReadAsync<List<AmendmentResponse>>();
            var storedIds = stored.Select(a => (a.Id, a.Text)).ToHashSet();
            var lost = acknowledged.Count(a => !storedIds.Contains(a));
            Assert.Equal(0, lost);
            Assert.Equal(Enumerable.Range(1, stored.Count), stored.Select(a => a.Number).Order());
            var events = await (await server.Client.GetAsync($"/api/documents/{document.Id}/events?limit=1000&after=0")).ReadAsync<EventPage>();
            var all = events.Events.ToList();
            while (events.HasMore)
            {
                events = await (await server.Client.GetAsync($"/api/documents/{document.Id}/events?limit=1000&after={all[^1].Sequence}")).ReadAsync<EventPage>();
                all.AddRange(events.Events);
            }

            Assert.Equal(Enumerable.Range(1, all.Count).Select(i => (long)i), all.Select(e => e.Sequence));
            var chain = await (await server.Client.GetAsync($"/api/documents/{document.Id}/events/verify")).ReadAsync<ChainVerification>();
            Assert.True(chain.Valid, chain.Problem);
            Report($"crash test: {cycles} kill -9 cycles, {attempted} writes attempted by 16 clients, {acknowledged.Count} acknowledged, "
                + $"{stored.Count} stored, lost = {lost}, log gap-free ({all.Count} events), hash chain valid");
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>CI prints these lines (OEWG_RELIABILITY_REPORT names the file).</summary>
    internal static void Report(string line)
    {
        if (Environment.GetEnvironmentVariable("OEWG_RELIABILITY_REPORT") is { Length: > 0 } file)
        {
            File.AppendAllText(file, (DraftingApiFactory.OnPostgres ? "[postgres] " : "[sqlite] ") + line + Environment.NewLine);
        }
    }
}
