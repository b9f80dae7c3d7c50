using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OewgDrafting.Api.Features.Events;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain.Events;
using OewgDrafting.Domain.Webhooks;

namespace OewgDrafting.Api.Infrastructure.Webhooks;

/// <summary>Wakes the dispatcher when this instance commits; other instances' commits and retries are found by polling.</summary>
public sealed class WebhookSignal : ICommitObserver, IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Committed(CommittedChange change)
    {
        if (change.Documents.Count > 0)
        {
            Poke();
        }
    }

    public void Poke()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: the dispatcher will look.
        }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _signal.Dispose();
}

/// <summary>The body of a delivery: the event as the log gives it to the subscription's owner, and its document.</summary>
public sealed record WebhookPayload(Guid DocumentId, long Sequence, DateTimeOffset OccurredAt, string Actor, string Type,
    IReadOnlyList<string> Touches, JsonElement Data, string? Hash);

/// <summary>
/// Delivers the log to the subscriptions, at least once and in each document's order. A subscription's cursor per
/// document moves on in the database after its receiver acknowledged events, with their records, a batch at a time (at
/// the end of its turn in a round, or every <see cref="SavedEvery"/>), so a crash or a restart repeats at most one
/// batch; events that are not for it are passed over in memory and the cursor written now and then, so that a
/// restart at most looks at them again. Each round reads each document's new events once for all its subscriptions.
/// On PostgreSQL, where several instances share the database, an instance takes a lease on a subscription (a conditional
/// update) and renews it as it goes; another takes over when it lapses. Deliveries run here, never on a request: a slow
/// receiver slows only its own subscription.
/// </summary>
public sealed class WebhookDispatcher(IServiceScopeFactory scopes, WebhookSignal signal, WebhookSender sender, TimeProvider clock,
    IOptionsMonitor<WebhookOptions> options, IConfiguration configuration, Http.StartupGate gate, ILogger<WebhookDispatcher> logger) : BackgroundService
{
    /// <summary>How many passed-over events a subscription may leave unwritten before its cursor is saved anyway.</summary>
    private const int UnsavedSkips = 500;

    /// <summary>
    /// How many acknowledged deliveries are written (their records and the cursor) in one transaction: a crash repeats at
    /// most these, and the writers are not made to wait for one small transaction per delivery.
    /// </summary>
    private const int SavedEvery = 100;

    /// <summary>How many of a document's events one round reads.</summary>
    private const int Window = 1_000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = Http.ApiJson.Encoder };
    private readonly string _instance = $"{Environment.ProcessId}-{Guid.NewGuid():N}";
    private readonly bool _leases = PersistenceSetup.Provider(configuration) == DatabaseProvider.Postgres;

    /// <summary>How far each subscription has looked at each document's log (at or past its cursor in the database).</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(Guid Subscription, Guid Document), long> _scanned = new();

    /// <summary>Each cursor as this instance last read or wrote it: a cursor found lower was moved back (a replay).</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(Guid Subscription, Guid Document), long> _cursors = new();

    /// <summary>The subscriptions being delivered by this instance now.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, byte> _busy = new();

    private DateTimeOffset _pruned = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Nothing to deliver before the database is prepared (migrated) at start.
        if (!await gate.WaitAsync(stoppingToken))
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await signal.WaitAsync(options.CurrentValue.PollInterval, stoppingToken);
                while (await RunOnceAsync(stoppingToken))
                {
                    // While the log keeps growing, let each round gather more events per subscription: fewer, larger
                    // writes beside the writers' own.
                    await Task.Delay(options.CurrentValue.RoundInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database may be away for a moment: nothing is lost, the cursors say where to go on.
                logger.LogWarning(e, "Webhook delivery round failed; retrying shortly");
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>What one round knows: each document's last sequence, and its events read once for every subscription.</summary>
    private sealed class Round(Dictionary<Guid, long> heads, Dictionary<Guid, List<DocumentEvent>> windows, HashSet<string> activeOwners,
        ILookup<Guid, WebhookCursor> cursors)
    {
        /// <summary>The due subscriptions' cursors as the round read them (on one instance, no one else moves them).</summary>
        public ILookup<Guid, WebhookCursor> Cursors { get; } = cursors;

        public Dictionary<Guid, long> Heads { get; } = heads;
        public Dictionary<Guid, List<DocumentEvent>> Windows { get; } = windows;
        public HashSet<string> ActiveOwners { get; } = activeOwners;
        public System.Collections.Concurrent.ConcurrentDictionary<Guid, Lazy<Task<AmendmentPrivacy>>> Privacy { get; } = new();
    }

    /// <summary>One round: every due subscription delivers what it can. True when some event was looked at (look again).</summary>
    public async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var delivered = 0;
        if (options.CurrentValue.DigestHour is { } hour)
        {
            delivered += await DeliverDigestsAsync(now, hour, cancellationToken);
        }

        List<WebhookSubscription> due;
        Round round;
        List<(WebhookSubscription Subscription, List<Guid> Documents)> work;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DraftingDbContext>();
            due = await db.WebhookSubscriptions.AsNoTracking()
                .Where(s => s.Status == WebhookStatus.Active && s.NextAttemptAt <= now && (s.LeaseUntil == null || s.LeaseUntil < now || s.LeaseOwner == _instance))
                .ToListAsync(cancellationToken);
            due.RemoveAll(s => _busy.ContainsKey(s.Id));
            if (due.Count == 0)
            {
                return delivered > 0;
            }

            var heads = await db.Documents.AsNoTracking().Select(d => new { d.Id, d.Version }).ToDictionaryAsync(d => d.Id, d => d.Version, cancellationToken);
            var ids = due.Select(s => s.Id).ToList();
            var cursorsRead = await db.WebhookCursors.AsNoTracking().Where(c => ids.Contains(c.SubscriptionId)).ToListAsync(cancellationToken);
            foreach (var cursor in cursorsRead)
            {
                Observe(cursor.SubscriptionId, cursor.DocumentId, cursor.Sequence);
            }

            work = due.Select(s => (Subscription: s, Documents: (s.DocumentId is { } only ? [only] : heads.Keys.ToList())
                    .Where(d => heads.TryGetValue(d, out var head) && Position(s.Id, d) < head).ToList()))
                .Where(w => w.Documents.Count > 0).ToList();
            if (work.Count == 0)
            {
                return delivered > 0;
            }

            var windows = new Dictionary<Guid, List<DocumentEvent>>();
            foreach (var documentId in work.SelectMany(w => w.Documents).Distinct())
            {
                var from = work.Where(w => w.Documents.Contains(documentId)).Min(w => Position(w.Subscription.Id, documentId));
                windows[documentId] = await db.DocumentEvents.AsNoTracking()
                    .Where(e => e.DocumentId == documentId && e.Sequence > from).OrderBy(e => e.Sequence).Take(Window)
                    .ToListAsync(cancellationToken);
            }

            var owners = work.Select(w => w.Subscription.Owner).Distinct().ToList();
            round = new Round(heads, windows, (await db.Delegations.AsNoTracking().Where(d => owners.Contains(d.Code) && d.Active)
                .Select(d => d.Code).ToListAsync(cancellationToken)).ToHashSet(), cursorsRead.ToLookup(c => c.SubscriptionId));

            if (now - _pruned > TimeSpan.FromHours(1))
            {
                _pruned = now;
                var before = now - options.CurrentValue.DeliveryRetention;
                await db.WebhookDeliveries.Where(d => d.AttemptedAt < before).ExecuteDeleteAsync(cancellationToken);
            }
        }

        var outcomes = new System.Collections.Concurrent.ConcurrentBag<Outcome>();
        try
        {
            await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = options.CurrentValue.Parallelism, CancellationToken = cancellationToken },
                async (item, ct) =>
                {
                    if (await DeliverAsync(item.Subscription, item.Documents, round, ct) is { } outcome)
                    {
                        outcomes.Add(outcome);
                    }
                });
            await WriteAsync(outcomes, cancellationToken);
        }
        finally
        {
            foreach (var outcome in outcomes)
            {
                _busy.TryRemove(outcome.Subscription.Id, out _);
            }

            if (_leases && !outcomes.IsEmpty)
            {
                await using var scope = scopes.CreateAsyncScope();
                var ids = outcomes.Select(o => o.Subscription.Id).ToList();
                await scope.ServiceProvider.GetRequiredService<DraftingDbContext>().WebhookSubscriptions
                    .Where(s => ids.Contains(s.Id) && s.LeaseOwner == _instance)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.LeaseOwner, (string?)null).SetProperty(x => x.LeaseUntil, (DateTimeOffset?)null), CancellationToken.None);
            }
        }

        return delivered > 0 || outcomes.Any(o => o.Looked > 0);
    }

    /// <summary>What a subscription's turn in a round came to: its new state, cursors and the record of its attempts.</summary>
    private sealed record Outcome(WebhookSubscription Subscription, bool Changed, List<WebhookCursor> Cursors, List<WebhookCursor> NewCursors,
        List<WebhookDelivery> Deliveries, int Looked);

    /// <summary>
    /// Writes a round's outcomes in one transaction: on SQLite, one write beside the writers' group commits instead of one
    /// per delivery. A crash before it repeats at most the round's deliveries.
    /// </summary>
    private async Task WriteAsync(IReadOnlyCollection<Outcome> outcomes, CancellationToken cancellationToken)
    {
        if (outcomes.All(o => !o.Changed && o.Cursors.Count == 0 && o.NewCursors.Count == 0 && o.Deliveries.Count == 0))
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DraftingDbContext>();
        // A subscription deleted meanwhile takes its outcome with it.
        var ids = outcomes.Select(o => o.Subscription.Id).ToList();
        var existing = (await db.WebhookSubscriptions.AsNoTracking().Where(s => ids.Contains(s.Id)).Select(s => s.Id).ToListAsync(cancellationToken)).ToHashSet();
        foreach (var outcome in outcomes.Where(o => existing.Contains(o.Subscription.Id)))
        {
            if (outcome.Changed)
            {
                db.WebhookSubscriptions.Attach(outcome.Subscription);
                var entry = db.Entry(outcome.Subscription);
                entry.Property(s => s.Failures).IsModified = true;
                entry.Property(s => s.NextAttemptAt).IsModified = true;
                if (outcome.Subscription.Status == WebhookStatus.Disabled)
                {
                    // Only a disabling is written over the status: a pause or a resume by the owner meanwhile stands.
                    entry.Property(s => s.Status).IsModified = true;
                    entry.Property(s => s.DisabledReason).IsModified = true;
                    entry.Property(s => s.Version).IsModified = true;
                }
            }

            foreach (var cursor in outcome.Cursors)
            {
                db.WebhookCursors.Attach(cursor);
                db.Entry(cursor).Property(c => c.Sequence).IsModified = true;
            }

            db.WebhookCursors.AddRange(outcome.NewCursors);
            db.WebhookDeliveries.AddRange(outcome.Deliveries);
        }

        await db.SaveChangesAsync(cancellationToken);
        foreach (var cursor in outcomes.Where(o => existing.Contains(o.Subscription.Id)).SelectMany(o => o.Cursors.Concat(o.NewCursors)))
        {
            _cursors[(cursor.SubscriptionId, cursor.DocumentId)] = cursor.Sequence;
        }
    }

    /// <summary>
    /// Takes in a cursor read from the database: it moves this instance's position on (another instance delivered), or
    /// back when it is lower than this instance last saw it (a replay).
    /// </summary>
    private void Observe(Guid subscription, Guid document, long cursor)
    {
        var key = (subscription, document);
        var replayed = _cursors.TryGetValue(key, out var known) && cursor < known;
        _cursors[key] = cursor;
        _scanned.AddOrUpdate(key, cursor, (_, scanned) => replayed ? cursor : Math.Max(scanned, cursor));
    }

    private long Position(Guid subscription, Guid document) => _scanned.TryGetValue((subscription, document), out var at) ? at : 0;

    /// <summary>
    /// Delivers one subscription's pending events, reading only; what it came to is written with the round's other
    /// outcomes (<see cref="WriteAsync"/>). Null when another instance or turn has it.
    /// </summary>
    private async Task<Outcome?> DeliverAsync(WebhookSubscription read, List<Guid> documents, Round round, CancellationToken cancellationToken)
    {
        var subscriptionId = read.Id;
        if (!_busy.TryAdd(subscriptionId, 0))
        {
            return null;
        }

        var outcome = new Outcome(read, false, [], [], [], 0);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DraftingDbContext>();
            if (_leases && !await TakeLeaseAsync(db, subscriptionId, cancellationToken))
            {
                _busy.TryRemove(subscriptionId, out _);
                return null;
            }

            // With several instances, read again under the lease: another may have delivered since this round began.
            var subscription = _leases
                ? await db.WebhookSubscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == subscriptionId, cancellationToken)
                : read;
            if (subscription is not { Status: WebhookStatus.Active } || subscription.NextAttemptAt > clock.GetUtcNow())
            {
                return outcome;
            }

            outcome = outcome with { Subscription = subscription };
            if (!round.ActiveOwners.Contains(subscription.Owner))
            {
                subscription.Failed("its delegation is deactivated", clock.GetUtcNow(), [], 0);
                return outcome with { Changed = true };
            }

            var settings = options.CurrentValue;
            var leaseRenewedAt = clock.GetUtcNow();
            var looked = 0;
            var changed = false;
            var cursors = _leases
                ? await db.WebhookCursors.AsNoTracking().Where(c => c.SubscriptionId == subscriptionId).ToDictionaryAsync(c => c.DocumentId, cancellationToken)
                : round.Cursors[subscriptionId].ToDictionary(c => c.DocumentId);
            foreach (var documentId in documents)
            {
                var cursor = cursors.GetValueOrDefault(documentId);
                if (cursor is not null)
                {
                    Observe(subscriptionId, documentId, cursor.Sequence);
                }

                var position = Position(subscriptionId, documentId);
                var window = round.Windows.GetValueOrDefault(documentId) ?? [];
                var events = window.Count > 0 && window[0].Sequence <= position + 1
                    ? window.Where(e => e.Sequence > position).ToList()
                    : await db.DocumentEvents.AsNoTracking().Where(e => e.DocumentId == documentId && e.Sequence > position)
                        .OrderBy(e => e.Sequence).Take(Window).ToListAsync(cancellationToken);
                if (events.Count == 0)
                {
                    continue;
                }

                var delivered = false;
                var failed = false;
                foreach (var e in events)
                {
                    if (subscription.Wants(documentId, e.Type, e.Touches))
                    {
                        var privacy = await round.Privacy.GetOrAdd(documentId,
                            id => new Lazy<Task<AmendmentPrivacy>>(() => AmendmentPrivacy.OfAsync(db, id, cancellationToken))).Value;
                        var body = Body(documentId, e, subscription.Owner, privacy);
                        var messageId = WebhookDelivery.MessageIdOf(documentId, e.Sequence);
                        var now = clock.GetUtcNow();
                        var result = await sender.SendAsync(subscription.Url, messageId, body, subscription.SigningSecrets(now), cancellationToken);
                        outcome.Deliveries.Add(WebhookDelivery.Record(Guid.CreateVersion7(now), subscriptionId, documentId, e.Sequence, e.Type, messageId,
                            subscription.Failures + 1, now, result.Succeeded, result.StatusCode, result.Latency, result.Error));
                        changed = true;
                        if (!result.Succeeded)
                        {
                            // The cursor stays before this event; everything before it is done with.
                            subscription.Failed(result.Error ?? "failed", clock.GetUtcNow(), settings.Schedule, Random.Shared.NextDouble());
                            failed = true;
                            break;
                        }

                        subscription.Delivered(clock.GetUtcNow());
                        delivered = true;
                        if (_leases && clock.GetUtcNow() - leaseRenewedAt > settings.Lease / 2)
                        {
                            leaseRenewedAt = clock.GetUtcNow();
                            await RenewLeaseAsync(db, subscriptionId, cancellationToken);
                        }
                    }

                    _scanned[(subscriptionId, documentId)] = e.Sequence;
                    looked++;
                }

                var at = Position(subscriptionId, documentId);
                if (cursor is null)
                {
                    outcome.NewCursors.Add(WebhookCursor.At(subscriptionId, documentId, at));
                }
                else if (delivered || failed || at - cursor.Sequence >= UnsavedSkips)
                {
                    cursor.MoveTo(at);
                    outcome.Cursors.Add(cursor);
                }

                if (failed)
                {
                    break;
                }
            }

            return outcome with { Changed = changed, Looked = looked };
        }
        catch
        {
            _busy.TryRemove(subscriptionId, out _);
            throw;
        }
    }

    /// <summary>
    /// The body of a delivery: the event as the owner reads it in the log. Its stored JSON is written as it is, unless a
    /// privacy rule hides part of it (then it is read and rewritten).
    /// </summary>
    private static string Body(Guid documentId, DocumentEvent e, string owner, AmendmentPrivacy privacy)
    {
        var stored = new EventResponse(e.Sequence, e.OccurredAt, e.Actor, e.Type, e.Touches, default, e.Hash);
        var hidden = privacy.Hides(owner, stored) || CommentPrivacy.MayHide(e.Type);
        if (hidden)
        {
            var seen = privacy.AsSeenBy(owner, CommentPrivacy.AsSeenBy(owner, stored with { Data = JsonDocument.Parse(e.Data).RootElement.Clone() }));
            return JsonSerializer.Serialize(new WebhookPayload(documentId, seen.Sequence, seen.OccurredAt, seen.Actor, seen.Type, seen.Touches, seen.Data, seen.Hash), Json);
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>(e.Data.Length + 512);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Http.ApiJson.Encoder }))
        {
            writer.WriteStartObject();
            writer.WriteString("documentId", documentId);
            writer.WriteNumber("sequence", e.Sequence);
            writer.WriteString("occurredAt", e.OccurredAt);
            writer.WriteString("actor", e.Actor);
            writer.WriteString("type", e.Type);
            writer.WriteStartArray("touches");
            foreach (var touched in e.Touches)
            {
                writer.WriteStringValue(touched);
            }

            writer.WriteEndArray();
            writer.WritePropertyName("data");
            writer.WriteRawValue(e.Data, skipInputValidation: true);
            if (e.Hash is null)
            {
                writer.WriteNull("hash");
            }
            else
            {
                writer.WriteString("hash", e.Hash);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The body of a <c>digest.daily</c> delivery: the digest, and the same as Markdown.</summary>
    public sealed record DigestPayload(string Type, Features.Webhooks.DigestResponse Digest, string Markdown);

    /// <summary>
    /// At the digest hour, each subscription naming <c>digest.daily</c> gets its owner's digest since the last one it got
    /// (or the day before); a failure is retried like any delivery, and the digest is marked delivered only once acknowledged.
    /// </summary>
    private async Task<int> DeliverDigestsAsync(DateTimeOffset now, int hour, CancellationToken cancellationToken)
    {
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddHours(Math.Clamp(hour, 0, 23));
        var dueAt = today <= now ? today : today.AddDays(-1);
        List<Guid> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DraftingDbContext>();
            due = (await db.WebhookSubscriptions.AsNoTracking()
                    .Where(s => s.Status == WebhookStatus.Active && s.NextAttemptAt <= now && (s.LastDigestAt == null || s.LastDigestAt < dueAt))
                    .Select(s => new { s.Id, s.EventTypes }).ToListAsync(cancellationToken))
                .Where(s => s.EventTypes.Contains(Features.Webhooks.WebhookEventTypes.DigestDaily)).Select(s => s.Id).ToList();
        }

        var delivered = 0;
        foreach (var id in due)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DraftingDbContext>();
            if (!await TakeLeaseAsync(db, id, cancellationToken))
            {
                continue;
            }

            try
            {
                var subscription = await db.WebhookSubscriptions.SingleAsync(s => s.Id == id, cancellationToken);
                var since = subscription.LastDigestAt ?? dueAt.AddDays(-1);
                var digest = await scope.ServiceProvider.GetRequiredService<Mediator.IMediator>()
                    .Send(new Features.Webhooks.GetDigest.Query(subscription.Owner, since, dueAt, null), cancellationToken);
                var body = JsonSerializer.Serialize(new DigestPayload(Features.Webhooks.WebhookEventTypes.DigestDaily, digest,
                    Features.Webhooks.GetDigest.Markdown(digest)), Json);
                var messageId = $"digest_{id:N}_{dueAt:yyyyMMddHH}";
                var attemptAt = clock.GetUtcNow();
                var result = await sender.SendAsync(subscription.Url, messageId, body, subscription.SigningSecrets(attemptAt), cancellationToken);
                db.WebhookDeliveries.Add(WebhookDelivery.Record(Guid.CreateVersion7(attemptAt), id, Guid.Empty, 0, Features.Webhooks.WebhookEventTypes.DigestDaily,
                    messageId, subscription.Failures + 1, attemptAt, result.Succeeded, result.StatusCode, result.Latency, result.Error));
                if (result.Succeeded)
                {
                    subscription.DigestDelivered(dueAt, clock.GetUtcNow());
                    delivered++;
                }
                else
                {
                    subscription.Failed(result.Error ?? "failed", clock.GetUtcNow(), options.CurrentValue.Schedule, Random.Shared.NextDouble());
                }

                await db.SaveChangesAsync(cancellationToken);
            }
            finally
            {
                await db.WebhookSubscriptions.Where(s => s.Id == id && s.LeaseOwner == _instance)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.LeaseOwner, (string?)null).SetProperty(x => x.LeaseUntil, (DateTimeOffset?)null), CancellationToken.None);
            }
        }

        return delivered;
    }

    private async Task<bool> TakeLeaseAsync(DraftingDbContext db, Guid id, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var until = now + options.CurrentValue.Lease;
        return await db.WebhookSubscriptions
            .Where(s => s.Id == id && (s.LeaseUntil == null || s.LeaseUntil < now || s.LeaseOwner == _instance))
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LeaseOwner, _instance).SetProperty(x => x.LeaseUntil, until), cancellationToken) == 1;
    }

    private Task<int> RenewLeaseAsync(DraftingDbContext db, Guid id, CancellationToken cancellationToken)
    {
        var until = clock.GetUtcNow() + options.CurrentValue.Lease;
        return db.WebhookSubscriptions.Where(s => s.Id == id && s.LeaseOwner == _instance)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LeaseUntil, until), cancellationToken);
    }
}
