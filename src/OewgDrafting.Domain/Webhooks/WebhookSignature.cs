using System.Security.Cryptography;
using System.Text;

namespace OewgDrafting.Domain.Webhooks;

/// <summary>
/// Signatures as the Standard Webhooks specification defines them: <c>v1,</c> and the base64 HMAC-SHA256, keyed with the
/// secret's bytes (the base64 after <c>whsec_</c>), of <c>{webhook-id}.{webhook-timestamp}.{body}</c>. Several
/// signatures (during a secret's rotation) are separated by spaces.
/// </summary>
public static class WebhookSignature
{
    public const string SecretPrefix = "whsec_";

    public static string Sign(string secret, string id, long timestamp, string body)
    {
        using var hmac = new HMACSHA256(KeyOf(secret));
        return "v1," + Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
    }

    public static string Header(IEnumerable<string> secrets, string id, long timestamp, string body) =>
        string.Join(' ', secrets.Select(s => Sign(s, id, timestamp, body)));

    /// <summary>Whether one of the signatures in <paramref name="header"/> is the secret's, compared in constant time.</summary>
    public static bool Verify(string secret, string id, long timestamp, string body, string header)
    {
        var expected = Encoding.ASCII.GetBytes(Sign(secret, id, timestamp, body));
        return header.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Any(candidate => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(candidate), expected));
    }

    private static byte[] KeyOf(string secret) =>
        Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);
}
