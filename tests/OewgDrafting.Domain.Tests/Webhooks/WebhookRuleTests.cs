using System.Net;
using OewgDrafting.Domain.Webhooks;

namespace OewgDrafting.Domain.Tests.Webhooks;

/// <summary>The rules of webhook signatures, retries and addresses (docs/domain.md, "Webhooks").</summary>
public class WebhookRuleTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 8, 11, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan[] Schedule = [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2)];

    private static WebhookSubscription Subscription(string[]? types = null, Guid? documentId = null, Guid[]? blocks = null) =>
        WebhookSubscription.Create(Guid.NewGuid(), "ESP", "https://example.org/hook", null, types ?? [], documentId, blocks ?? [], "ESP", Now).Subscription;

    [Fact]
    public void A_signature_is_the_Standard_Webhooks_v1_HMAC_of_id_timestamp_and_body()
    {
        // The specification's example, checked with openssl: HMAC-SHA256 keyed with the base64 secret's bytes.
        const string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        const string body = """{"test": 2432232314}""";
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", WebhookSignature.Sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body));
        Assert.True(WebhookSignature.Verify(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body, "v1,other= v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="));
        Assert.False(WebhookSignature.Verify(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265331, body, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="));
    }

    [Fact]
    public void During_a_rotation_deliveries_are_signed_with_the_new_and_the_old_secret_until_the_overlap_ends()
    {
        var subscription = Subscription();
        var old = subscription.Secret;
        var fresh = subscription.RotateSecret(Now, TimeSpan.FromHours(24));
        Assert.Equal([fresh, old], subscription.SigningSecrets(Now.AddHours(23)));
        Assert.Equal([fresh], subscription.SigningSecrets(Now.AddHours(24)));
        var header = WebhookSignature.Header(subscription.SigningSecrets(Now), "msg_1", 1, "{}");
        Assert.True(WebhookSignature.Verify(old, "msg_1", 1, "{}", header));
        Assert.True(WebhookSignature.Verify(fresh, "msg_1", 1, "{}", header));
    }

    [Fact]
    public void Failures_wait_the_schedule_with_at_most_a_fifth_more_at_random_then_disable_the_subscription_with_the_reason()
    {
        var subscription = Subscription();
        subscription.Failed("500", Now, Schedule, jitter: 0);
        Assert.Equal(Now.AddSeconds(5), subscription.NextAttemptAt);
        subscription.Failed("500", Now, Schedule, jitter: 1);
        Assert.Equal(Now.AddSeconds(36), subscription.NextAttemptAt);
        subscription.Failed("500", Now, Schedule, jitter: 0.5);
        Assert.Equal(Now.AddMinutes(2).AddSeconds(12), subscription.NextAttemptAt);
        Assert.Equal(WebhookStatus.Active, subscription.Status);
        subscription.Failed("The receiver answered 500.", Now, Schedule, jitter: 0);
        Assert.Equal(WebhookStatus.Disabled, subscription.Status);
        Assert.Equal("Disabled after 4 failed attempts in a row; the last: The receiver answered 500.", subscription.DisabledReason);

        subscription.Resume(Now);
        Assert.Equal((WebhookStatus.Active, 0, Now), (subscription.Status, subscription.Failures, subscription.NextAttemptAt));
        Assert.Throws<ConflictException>(() => subscription.Resume(Now));
    }

    [Fact]
    public void A_subscription_wants_its_event_types_of_its_document_touching_its_paragraphs()
    {
        var document = Guid.NewGuid();
        var block = Guid.NewGuid();
        Assert.True(Subscription().Wants(Guid.NewGuid(), "positionSet", []));
        var narrow = Subscription(["amendmentProposed"], document, [block]);
        Assert.True(narrow.Wants(document, "amendmentProposed", [Guid.NewGuid().ToString(), block.ToString()]));
        Assert.False(narrow.Wants(document, "positionSet", [block.ToString()]));
        Assert.False(narrow.Wants(document, "amendmentProposed", [Guid.NewGuid().ToString()]));
        Assert.False(narrow.Wants(Guid.NewGuid(), "amendmentProposed", [block.ToString()]));
    }

    [Theory]
    [InlineData("127.0.0.1", "a loopback address")]
    [InlineData("::1", "a loopback address")]
    [InlineData("10.1.2.3", "a private address")]
    [InlineData("172.16.0.1", "a private address")]
    [InlineData("192.168.1.1", "a private address")]
    [InlineData("169.254.169.254", "a link-local address")]
    [InlineData("100.64.0.1", "a shared (carrier-grade NAT) address")]
    [InlineData("0.0.0.0", "an unspecified address")]
    [InlineData("fe80::1", "a link-local address")]
    [InlineData("fd00::1", "a private address")]
    [InlineData("::ffff:10.0.0.1", "a private address")]
    [InlineData("93.184.216.34", null)]
    [InlineData("172.32.0.1", null)]
    [InlineData("2606:2800:220:1:248:1893:25c8:1946", null)]
    public void Webhooks_go_to_public_addresses_only(string address, string? why) =>
        Assert.Equal(why, WebhookAddresses.WhyRefused(IPAddress.Parse(address)));
}
