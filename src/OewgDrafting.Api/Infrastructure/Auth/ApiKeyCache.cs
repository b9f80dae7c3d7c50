// The key registry in memory: which delegation and role a key hash belongs to, without the database on a hit.
using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain.Delegations;

namespace OewgDrafting.Api.Infrastructure.Auth;

/// <summary>Who a valid key belongs to, with the principal built once for every request that sends it.</summary>
public sealed class CachedKey
{
    private long _lastUsedTicks;

    public CachedKey(Guid keyId, string hash, string delegation, string role, long loadedAt)
    {
        KeyId = keyId;
        Hash = hash;
        Delegation = delegation;
        Role = role;
        LoadedAt = loadedAt;
        Principal = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, delegation),
            new Claim(ClaimTypes.Name, delegation),
            new Claim(Claims.Delegation, delegation),
            new Claim(Claims.KeyId, keyId.ToString()),
            new Claim(Claims.KeyHash, hash),
            new Claim(ClaimTypes.Role, role),
        ], ApiKeyAuthenticationHandler.SchemeName));
        Ticket = new Microsoft.AspNetCore.Authentication.AuthenticationTicket(Principal, ApiKeyAuthenticationHandler.SchemeName);
    }

    public Guid KeyId { get; }
    public string Hash { get; }
    public string Delegation { get; }
    public string Role { get; }
    public ClaimsPrincipal Principal { get; }

    /// <summary>What the scheme answers for this key: made once, never changed.</summary>
    public Microsoft.AspNetCore.Authentication.AuthenticationTicket Ticket { get; }

    internal long LoadedAt { get; }

    /// <summary>True when this use should be recorded: the first use, or one a second after the last recorded.</summary>
    internal bool Use(long nowTicks)
    {
        var last = Volatile.Read(ref _lastUsedTicks);
        return nowTicks - last >= TimeSpan.TicksPerSecond && Interlocked.CompareExchange(ref _lastUsedTicks, nowTicks, last) == last;
    }
}

/// <summary>
/// Key hashes to their delegation's principal, filled lazily from the registry. Any registry change (a key issued or
/// revoked, a delegation deactivated, a kind or membership changed) clears it on the instance that made it, and on the
/// others through the change notifier; <see cref="Changed"/> then fires, so that open event streams check their key
/// again. Unknown hashes are remembered briefly, so that invented keys cost no database read each. A load that started
/// before a clear is not stored, so a revoked key cannot come back from a slow read.
/// </summary>
public sealed class ApiKeyCache(TimeProvider clock) : IDisposable
{
    public const int MaxKeyLength = 200;
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan UnknownAge = TimeSpan.FromSeconds(30);
    private const int MaxUnknown = 10_000;

    private readonly ConcurrentDictionary<string, CachedKey> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _unknown = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _unwrittenUse = new();
    private CancellationTokenSource _changed = new();
    private long _generation;

    /// <summary>Cancelled at the next registry change; read it again after it fires.</summary>
    public CancellationToken Changed => Volatile.Read(ref _changed).Token;

    /// <summary>The key's principal, from memory or the registry; null for an unknown, revoked or deactivated key.</summary>
    public async ValueTask<CachedKey?> FindAsync(string hash, IServiceProvider services, CancellationToken cancellationToken)
    {
        var now = clock.GetTimestamp();
        if (_keys.TryGetValue(hash, out var cached) && clock.GetElapsedTime(cached.LoadedAt, now) < MaxAge)
        {
            return cached;
        }

        if (_unknown.TryGetValue(hash, out var refusedAt) && clock.GetElapsedTime(refusedAt, now) < UnknownAge)
        {
            return null;
        }

        var generation = Interlocked.Read(ref _generation);
        var loaded = await LoadAsync(hash, services, now, cancellationToken);
        if (loaded is null)
        {
            _keys.TryRemove(hash, out _);
            if (_unknown.Count >= MaxUnknown)
            {
                _unknown.Clear();
            }

            Remember(_unknown, hash, now, generation);
            return null;
        }

        Remember(_keys, hash, loaded, generation);
        return loaded;
    }

    /// <summary>Forgets every key and every refusal, and tells open streams to check their key again.</summary>
    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        _keys.Clear();
        _unknown.Clear();
        var previous = Interlocked.Exchange(ref _changed, new CancellationTokenSource());
        previous.Cancel();
        previous.Dispose();
    }

    public void Dispose() => _changed.Dispose();

    /// <summary>Notes a use of the key for the batched lastUsedAt; a comparison on most requests.</summary>
    public void MarkUsed(CachedKey key)
    {
        var now = clock.GetUtcNow();
        if (key.Use(now.UtcTicks))
        {
            _unwrittenUse[key.KeyId] = now;
        }
    }

    /// <summary>A use recorded in memory and not yet written, for listings that should not lag behind.</summary>
    public DateTimeOffset? UnwrittenUse(Guid keyId) => _unwrittenUse.TryGetValue(keyId, out var at) ? at : null;

    /// <summary>Takes the uses to write; a use recorded meanwhile stays for the next batch.</summary>
    public IReadOnlyList<KeyValuePair<Guid, DateTimeOffset>> TakeUnwrittenUses()
    {
        var taken = new List<KeyValuePair<Guid, DateTimeOffset>>();
        foreach (var use in _unwrittenUse)
        {
            if (_unwrittenUse.TryRemove(use))
            {
                taken.Add(use);
            }
        }

        return taken;
    }

    // Stored only if the registry did not change while it was read.
    private void Remember<T>(ConcurrentDictionary<string, T> map, string hash, T value, long generation)
    {
        if (Interlocked.Read(ref _generation) != generation)
        {
            return;
        }

        map[hash] = value;
        if (Interlocked.Read(ref _generation) != generation)
        {
            map.TryRemove(hash, out _);
        }
    }

    private static async Task<CachedKey?> LoadAsync(string hash, IServiceProvider services, long now, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<DraftingDbContext>();
        var match = await db.ApiKeys.AsNoTracking()
            .Where(k => k.Hash == hash && k.RevokedAt == null)
            .Join(db.Delegations.Where(d => d.Active), k => k.DelegationCode, d => d.Code, (k, d) => new { k.Id, d.Code, d.Kind })
            .SingleOrDefaultAsync(cancellationToken);
        return match is null ? null : new CachedKey(match.Id, hash, match.Code, Roles.Of(Delegation.RoleOf(match.Kind)), now);
    }
}
