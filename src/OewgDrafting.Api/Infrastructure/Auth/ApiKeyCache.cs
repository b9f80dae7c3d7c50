using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain.Delegations;

namespace OewgDrafting.Api.Infrastructure.Auth;

/// <summary>A key's SHA-256 as a value: hashed on the stack, compared without allocating.</summary>
public readonly record struct KeyHash(ulong A, ulong B, ulong C, ulong D)
{
    /// <summary>The hash of a key as sent; null for a key too long to be one of ours.</summary>
    public static KeyHash? Of(ReadOnlySpan<char> key)
    {
        Span<byte> utf8 = stackalloc byte[4 * ApiKeyCache.MaxKeyLength];
        if (!Encoding.UTF8.TryGetBytes(key, utf8, out var written))
        {
            return null;
        }

        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(utf8[..written], hash);
        return new KeyHash(
            BinaryPrimitives.ReadUInt64BigEndian(hash),
            BinaryPrimitives.ReadUInt64BigEndian(hash[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(hash[16..]),
            BinaryPrimitives.ReadUInt64BigEndian(hash[24..]));
    }

    /// <summary>The lower-case hex form stored in the database (<see cref="ApiKey.Hash"/>).</summary>
    public string ToHex()
    {
        Span<byte> bytes = stackalloc byte[32];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, A);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], B);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[16..], C);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[24..], D);
        return Convert.ToHexStringLower(bytes);
    }
}

/// <summary>Who a valid key belongs to, with the principal built once for every request that sends it.</summary>
public sealed class CachedKey
{
    private long _lastUsedTicks;

    public CachedKey(Guid keyId, string delegation, string role, long loadedAt)
    {
        KeyId = keyId;
        Delegation = delegation;
        LoadedAt = loadedAt;
        Partition = "key:" + keyId.ToString("N");
        Principal = new ClaimsPrincipal(new ApiKeyIdentity(this,
        [
            new Claim(ClaimTypes.NameIdentifier, delegation),
            new Claim(ClaimTypes.Name, delegation),
            new Claim(Claims.Delegation, delegation),
            new Claim(Claims.KeyId, keyId.ToString()),
            new Claim(ClaimTypes.Role, role),
        ]));
        // The scheme name the framework's evaluator gives a result it builds from the request's user.
        Authenticated = Task.FromResult(Microsoft.AspNetCore.Authentication.AuthenticateResult.Success(
            new Microsoft.AspNetCore.Authentication.AuthenticationTicket(Principal, "context.User")));
    }

    public Guid KeyId { get; }
    public string Delegation { get; }
    public ClaimsPrincipal Principal { get; }

    /// <summary>
    /// The principal as the authorization middleware's authentication result (see <see cref="CallerPolicyEvaluator"/>),
    /// built once like the principal; nothing in a request changes it.
    /// </summary>
    public Task<Microsoft.AspNetCore.Authentication.AuthenticateResult> Authenticated { get; }

    /// <summary>The rate limiter's partition for this key, built once.</summary>
    public string Partition { get; }

    internal long LoadedAt { get; }

    /// <summary>True when this use should be recorded: the first use, or one a second after the last recorded.</summary>
    internal bool Use(long nowTicks)
    {
        var last = Volatile.Read(ref _lastUsedTicks);
        if (nowTicks - last < TimeSpan.TicksPerSecond)
        {
            return false;
        }

        return Interlocked.CompareExchange(ref _lastUsedTicks, nowTicks, last) == last;
    }
}

/// <summary>The identity of a request authenticated by an API key; it leads back to the cached key.</summary>
public sealed class ApiKeyIdentity(CachedKey key, IEnumerable<Claim> claims) : ClaimsIdentity(claims, ApiKeyAuthenticationHandler.SchemeName)
{
    public CachedKey Key { get; } = key;
}

/// <summary>
/// Authentication without the database on a hit: a map from key hash to its delegation's principal, filled
/// lazily. A registry change (a key revoked, a delegation deactivated, a kind or membership changed) clears it
/// at once on the instance that made the change, and on the others when the change notifier tells them
/// (PostgreSQL LISTEN/NOTIFY); entries also expire after <see cref="MaxAge"/> as a backstop. A load that
/// started before a clear is not stored, so a revoked key can never come back from a slow read.
/// When a key was last used is kept here and written to the database in batches by <see cref="ApiKeyUsageWriter"/>.
/// </summary>
public sealed class ApiKeyCache(TimeProvider clock)
{
    public const int MaxKeyLength = 200;
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<KeyHash, CachedKey> _keys = new();
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _unwrittenUse = new();
    private long _generation;

    public int Count => _keys.Count;

    /// <summary>The key's principal, from memory or (on a miss) the database; null for an unknown, revoked or deactivated key.</summary>
    public async ValueTask<CachedKey?> FindAsync(KeyHash hash, IServiceProvider services, CancellationToken cancellationToken)
    {
        var now = clock.GetTimestamp();
        if (_keys.TryGetValue(hash, out var cached) && clock.GetElapsedTime(cached.LoadedAt, now) < MaxAge)
        {
            return cached;
        }

        var generation = Interlocked.Read(ref _generation);
        var loaded = await LoadAsync(hash, services, now, cancellationToken);
        if (loaded is null)
        {
            _keys.TryRemove(hash, out _);
            return null;
        }

        // Stored only if nothing changed in the registry while it was read.
        if (Interlocked.Read(ref _generation) == generation)
        {
            _keys[hash] = loaded;
            if (Interlocked.Read(ref _generation) != generation)
            {
                _keys.TryRemove(hash, out _);
            }
        }

        return loaded;
    }

    /// <summary>Forgets every key: the next request with any of them reads the registry again.</summary>
    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        _keys.Clear();
    }

    /// <summary>Notes a use of the key, for the batched lastUsedAt; costs a comparison on most requests.</summary>
    public void MarkUsed(CachedKey key)
    {
        var now = clock.GetUtcNow();
        if (key.Use(now.UtcTicks))
        {
            _unwrittenUse[key.KeyId] = now;
        }
    }

    /// <summary>Uses recorded in memory and not yet written, for listings that should not lag behind.</summary>
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

    private static async Task<CachedKey?> LoadAsync(KeyHash hash, IServiceProvider services, long now, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<DraftingDbContext>();
        var hex = hash.ToHex();
        var match = await db.ApiKeys.AsNoTracking()
            .Where(k => k.Hash == hex && k.RevokedAt == null)
            .Join(db.Delegations.Where(d => d.Active), k => k.DelegationCode, d => d.Code, (k, d) => new { k.Id, d.Code, d.Kind })
            .SingleOrDefaultAsync(cancellationToken);
        if (match is null)
        {
            return null;
        }

        var role = match.Kind switch
        {
            DelegationKind.Chair => Roles.Chair,
            DelegationKind.Observer => Roles.Observer,
            DelegationKind.Secretariat => Roles.Secretariat,
            _ => Roles.Delegation,
        };
        return new CachedKey(match.Id, match.Code, role, now);
    }
}

public sealed class KeyUsageOptions
{
    public const string Section = "Auth";

    /// <summary>How often the keys' lastUsedAt is written to the database.</summary>
    public TimeSpan KeyUsageFlushInterval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Writes when keys were last used, in one short transaction per interval and at shutdown, off the request path.</summary>
public sealed class ApiKeyUsageWriter(ApiKeyCache cache, IServiceScopeFactory scopes,
    Microsoft.Extensions.Options.IOptions<KeyUsageOptions> options, ILogger<ApiKeyUsageWriter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.KeyUsageFlushInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(CancellationToken.None);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: the last uses are written below.
        }

        await FlushAsync(CancellationToken.None);
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var uses = cache.TakeUnwrittenUses();
        if (uses.Count == 0)
        {
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DraftingDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            foreach (var (keyId, at) in uses)
            {
                await db.ApiKeys.Where(k => k.Id == keyId)
                    .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, at), cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException or InvalidOperationException)
        {
            // Only a convenience for the registry listing: keep going, the next use is written next time.
            logger.LogWarning(e, "Could not write when {Count} keys were last used", uses.Count);
        }
    }
}
