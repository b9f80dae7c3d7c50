using System.Security.Cryptography;
using System.Text;

namespace OewgDrafting.Domain.Delegations;

/// <summary>
/// A delegation's API key. The key itself is shown once, when issued; only its SHA-256 hash is kept
/// (a 256-bit random key needs no slow hash: there is nothing to guess from a dictionary).
/// </summary>
public sealed class ApiKey
{
    public const string Prefix = "oewg_";

    private ApiKey()
    {
        DelegationCode = Hash = Label = string.Empty;
    }

    public Guid Id { get; private set; }
    public string DelegationCode { get; private set; }
    public string Hash { get; private set; }

    /// <summary>Why the key exists: <c>issued</c>, <c>bootstrap</c> or <c>demo</c>.</summary>
    public string Label { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? LastUsedAt { get; private set; }
    public DateTimeOffset? RevokedAt { get; private set; }

    public bool IsActive => RevokedAt is null;

    /// <summary>Issues a new random key; the plain key is returned once and never stored.</summary>
    public static (ApiKey Key, string Plain) Issue(Guid id, string delegationCode, string label, DateTimeOffset now)
    {
        var plain = Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        return (FromPlain(id, delegationCode, plain, label, now), plain);
    }

    /// <summary>A key chosen by the operator (the bootstrap chair key from configuration).</summary>
    public static ApiKey FromPlain(Guid id, string delegationCode, string plain, string label, DateTimeOffset now) => new()
    {
        Id = id,
        DelegationCode = delegationCode,
        Hash = HashOf(plain),
        Label = label,
        CreatedAt = now,
    };

    public static string HashOf(string plain) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(plain)));

    public void Revoke(DateTimeOffset now) => RevokedAt ??= now;

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
