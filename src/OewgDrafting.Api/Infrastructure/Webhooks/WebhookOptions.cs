namespace OewgDrafting.Api.Infrastructure.Webhooks;

public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Hosts a webhook may be sent to over plain http and at any address (loopback, private): for tests and a closed network.</summary>
    public string[] AllowedHosts { get; set; } = [];

    /// <summary>The waits after each failed attempt in a row unless configured: 5 s, 30 s, 2 min, 10 min, 1 h, 6 h.</summary>
    public static readonly TimeSpan[] DefaultRetrySchedule =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromHours(1), TimeSpan.FromHours(6),
    ];

    /// <summary>
    /// How long to wait after each failed attempt in a row; after the last the subscription is disabled. Empty: the
    /// default (configuration binding adds to an array it finds filled, so the default is not put here).
    /// </summary>
    public TimeSpan[] RetrySchedule { get; set; } = [];

    public IReadOnlyList<TimeSpan> Schedule => RetrySchedule.Length > 0 ? RetrySchedule : DefaultRetrySchedule;

    /// <summary>How long the previous secret still signs deliveries after a rotation.</summary>
    public TimeSpan SecretOverlap { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long one delivery may take, connection included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How much of a receiver's answer is read (and kept in the delivery's record).</summary>
    public int MaxResponseBytes { get; set; } = 1_024;

    /// <summary>How often the dispatcher looks for work that no commit on this instance announced (another instance's, a retry).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The pause between two rounds of deliveries while there is work: deliveries wait up to this much longer, in larger batches.</summary>
    public TimeSpan RoundInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long an instance holds a subscription's delivery before another may take it over.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How many subscriptions are delivered at once by one instance.</summary>
    public int Parallelism { get; set; } = 16;

    /// <summary>How long the record of each attempt is kept.</summary>
    public TimeSpan DeliveryRetention { get; set; } = TimeSpan.FromDays(14);

    /// <summary>The hour (UTC, 0–23) at which <c>digest.daily</c> subscribers get the day's digest; none when unset.</summary>
    public int? DigestHour { get; set; }

    public bool IsAllowed(string host) => AllowedHosts.Contains(host, StringComparer.OrdinalIgnoreCase);
}
