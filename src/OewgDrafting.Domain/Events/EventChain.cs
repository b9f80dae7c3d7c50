using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OewgDrafting.Domain.Events;

/// <summary>
/// The log as a hash chain: each event's <c>hash</c> is SHA-256 of the previous event's hash (64 hex digits; 64 zeros
/// before the first) followed by the event's canonical JSON, both as UTF-8. Changing, removing or reordering any stored
/// event breaks the chain from that event on, which anyone holding a copy of the log can check.
/// </summary>
public static class EventChain
{
    public static readonly string Genesis = new('0', 64);

    private static readonly JsonWriterOptions Writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false, SkipValidation = true };

    /// <summary>
    /// A document event's canonical JSON: <c>{"documentId","sequence","occurredAt","actor","type","touches","data"}</c>
    /// in that order, no white space, the time in UTC with microseconds (<c>2026-11-28T09:15:00.123456Z</c>), the data as stored.
    /// </summary>
    public static byte[] Canonical(DocumentEvent e)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + e.Data.Length);
        using (var writer = new Utf8JsonWriter(buffer, Writer))
        {
            writer.WriteStartObject();
            writer.WriteString("documentId", e.DocumentId.ToString("D"));
            writer.WriteNumber("sequence", e.Sequence);
            writer.WriteString("occurredAt", Time(e.OccurredAt));
            writer.WriteString("actor", e.Actor);
            writer.WriteString("type", e.Type);
            writer.WriteStartArray("touches");
            foreach (var touch in e.Touches)
            {
                writer.WriteStringValue(touch);
            }

            writer.WriteEndArray();
            writer.WritePropertyName("data");
            writer.WriteRawValue(e.Data, skipInputValidation: true);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A registry event's canonical JSON: <c>{"occurredAt","actor","type","subject","data"}</c>, chained in the order of their ids.</summary>
    public static byte[] Canonical(RegistryEvent e)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + e.Data.Length);
        using (var writer = new Utf8JsonWriter(buffer, Writer))
        {
            writer.WriteStartObject();
            writer.WriteString("occurredAt", Time(e.OccurredAt));
            writer.WriteString("actor", e.Actor);
            writer.WriteString("type", e.Type);
            writer.WriteString("subject", e.Subject);
            writer.WritePropertyName("data");
            writer.WriteRawValue(e.Data, skipInputValidation: true);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static string Hash(string previous, byte[] canonical)
    {
        var input = new byte[64 + canonical.Length];
        Encoding.ASCII.GetBytes(previous, input);
        canonical.CopyTo(input, 64);
        return Convert.ToHexStringLower(SHA256.HashData(input));
    }

    /// <summary>Times are kept to the microsecond, which every database stores exactly.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset time) => new DateTimeOffset(time.UtcTicks - time.UtcTicks % 10, TimeSpan.Zero);

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Walks a document's events in the order stored: the first sequence that is missing, out of place or whose hash does
    /// not follow from the ones before (null when the chain holds), and the head hash.
    /// </summary>
    public static ChainCheck Verify(IEnumerable<DocumentEvent> events, long documentVersion)
    {
        var previous = Genesis;
        long expected = 1;
        foreach (var e in events)
        {
            if (e.Sequence != expected)
            {
                return new ChainCheck(expected - 1, previous, expected,
                    e.Sequence > expected ? $"event {expected} is missing (the next stored is {e.Sequence})" : $"event {e.Sequence} is out of order");
            }

            var hash = Hash(previous, Canonical(e));
            if (!string.Equals(hash, e.Hash, StringComparison.Ordinal))
            {
                return new ChainCheck(expected - 1, previous, expected,
                    e.Hash is null ? $"event {expected} has no hash" : $"event {expected} does not match its hash: it was changed, or an event before it was");
            }

            previous = hash;
            expected++;
        }

        return expected - 1 < documentVersion
            ? new ChainCheck(expected - 1, previous, expected, $"the log ends at event {expected - 1} but the document is at version {documentVersion}")
            : new ChainCheck(expected - 1, previous, null, null);
    }
}

/// <param name="Verified">How many events, from the first, hold.</param>
/// <param name="HeadHash">The hash of the last event that holds.</param>
/// <param name="FirstBadSequence">Where the chain first breaks; null when it holds throughout.</param>
public sealed record ChainCheck(long Verified, string HeadHash, long? FirstBadSequence, string? Problem)
{
    public bool Valid => FirstBadSequence is null;
}
