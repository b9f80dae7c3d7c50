using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Features.Webhooks;
using OewgDrafting.Api.Infrastructure.Webhooks;
using OewgDrafting.Api.Tests.Infrastructure;
using OewgDrafting.Domain.Webhooks;
using static OewgDrafting.Api.Tests.Infrastructure.HttpExtensions;

namespace OewgDrafting.Api.Tests.Webhooks;

/// <summary>
/// The API with webhooks allowed to 127.0.0.1, quick retries on the fake clock, and a stub name resolver: no test
/// depends on a real DNS.
/// </summary>
public sealed class WebhookFactory : DraftingApiFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Webhooks:AllowedHosts:0"] = "127.0.0.1",
        ["Webhooks:RetrySchedule:0"] = "00:00:10",
        ["Webhooks:RetrySchedule:1"] = "00:00:10",
        ["Webhooks:RetrySchedule:2"] = "00:00:10",
        ["Webhooks:PollInterval"] = "00:00:00.05",
        ["Webhooks:SecretOverlap"] = "01:00:00",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<IHostResolver>();
            services.AddSingleton<IHostResolver>(new StubResolver(new Dictionary<string, IPAddress[]>
            {
                ["localhost"] = [IPAddress.Loopback, IPAddress.IPv6Loopback],
                ["rebind.example"] = [IPAddress.Parse("127.0.0.1")],
                ["receiver.example"] = [IPAddress.Parse("93.184.216.34")],
            }));
        });
    }

    private sealed class StubResolver(IReadOnlyDictionary<string, IPAddress[]> names) : IHostResolver
    {
        public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
            Task.FromResult(IPAddress.TryParse(host, out var literal) ? [literal]
                : names.TryGetValue(host, out var addresses) ? addresses
                : throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.HostNotFound));
    }
}

/// <summary>Webhooks through HTTP, delivered to a receiver on 127.0.0.1 (docs/domain.md, "Webhooks").</summary>
public class WebhookTests(WebhookFactory factory) : IClassFixture<WebhookFactory>
{
    private readonly HttpClient _chair = factory.ChairClient();

    private async Task<WebhookSecretResponse> SubscribeAsync(HttpClient client, object body)
    {
        var response = await client.PostAsync("/api/webhooks", JsonBody(body));
        await response.AssertSuccessAsync();
        return await response.ReadAsync<WebhookSecretResponse>();
    }

    private async Task<List<JsonObject>> LogAsync(Guid documentId, string reader = "CHAIR")
    {
        var client = reader == "CHAIR" ? _chair : await factory.ClientForAsync(reader);
        return (await (await client.GetAsync($"/api/documents/{documentId}/events?limit=1000")).ReadAsync<JsonObject>())["events"]!.AsArray()
            .Select(e => e!.AsObject()).ToList();
    }

    private static void AssertSigned(WebhookReceiver.Received received, string secret) =>
        Assert.True(WebhookSignature.Verify(secret, received.Id, received.Timestamp, received.Body, received.Signature),
            $"the signature of {received.Id} does not verify under the secret");

    [Fact]
    public async Task Every_event_the_subscription_may_see_arrives_once_in_order_with_a_valid_signature()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var document = await factory.CreateOpenAsync();
        var esp = await factory.ClientForAsync("ESP");
        var subscription = await SubscribeAsync(esp, new { url = receiver.Url, documentId = document.Id, description = "Mission registry" });
        Assert.StartsWith("whsec_", subscription.Secret, StringComparison.Ordinal);
        var start = (await LogAsync(document.Id)).Count;

        var amendment = await esp.ProposeAsync(document.Id, new { kind = "replace", blockId = document.Blocks[1].Id, baseVersion = 1, quote = "cooperate", text = "act" });
        await (await (await factory.ClientForAsync("FRA")).PutAsync($"/api/documents/{document.Id}/amendments/{amendment.Id}/positions/FRA",
            JsonBody(new { stance = "support" }))).AssertSuccessAsync();
        await (await _chair.PostAsync($"/api/documents/{document.Id}/amendments/{amendment.Id}/accept", null)).AssertSuccessAsync();
        await (await _chair.PostAsync($"/api/documents/{document.Id}/blocks/{document.Blocks[2].Id}/agree", null)).AssertSuccessAsync();

        var log = (await LogAsync(document.Id, "ESP")).Skip(start).ToList();
        Assert.Equal(4, log.Count);
        var received = await receiver.WaitForAsync(r => r.Count >= log.Count);
        await Task.Delay(300);
        received = receiver.Requests.ToList();
        Assert.Equal(log.Select(e => e["sequence"]!.GetValue<long>()), received.Select(r => r.Json["sequence"]!.GetValue<long>()));
        Assert.Equal(log.Select(e => e["type"]!.GetValue<string>()), received.Select(r => r.Json["type"]!.GetValue<string>()));
        Assert.Equal(log.Select(e => e["hash"]!.GetValue<string>()), received.Select(r => r.Json["hash"]!.GetValue<string>()));
        Assert.All(received, r => Assert.Equal(document.Id, r.Json["documentId"]!.GetValue<Guid>()));
        Assert.Equal(received.Count, received.Select(r => r.Id).Distinct().Count());
        Assert.All(received, r => AssertSigned(r, subscription.Secret));
        Assert.All(received, r => Assert.Equal(factory.Clock.GetUtcNow().ToUnixTimeSeconds(), r.Timestamp));

        await WaitAsync(async () => (await (await esp.GetAsync($"/api/webhooks/{subscription.Subscription.Id}/deliveries"))
            .ReadAsync<List<WebhookDeliveryResponse>>()).Count == 4);
        var deliveries = await (await esp.GetAsync($"/api/webhooks/{subscription.Subscription.Id}/deliveries")).ReadAsync<List<WebhookDeliveryResponse>>();
        Assert.Equal(4, deliveries.Count);
        Assert.All(deliveries, d => Assert.True(d.Succeeded && d.StatusCode == 200 && d.Attempt == 1));
    }

    [Fact]
    public async Task A_receiver_that_answers_500_twice_then_200_gets_the_event_on_the_third_try_and_one_that_keeps_failing_is_disabled()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer = n => n <= 2 ? 500 : 200;
        var document = await factory.CreateOpenAsync();
        var fra = await factory.ClientForAsync("FRA");
        var subscription = (await SubscribeAsync(fra, new { url = receiver.Url, documentId = document.Id, eventTypes = new[] { "blockAgreed" } })).Subscription;
        var url = $"/api/webhooks/{subscription.Id}";

        await (await _chair.PostAsync($"/api/documents/{document.Id}/blocks/{document.Blocks[2].Id}/agree", null)).AssertSuccessAsync();
        for (var failures = 1; failures <= 2; failures++)
        {
            await WaitAsync(async () => (await (await fra.GetAsync(url)).ReadAsync<WebhookResponse>()).Failures == failures);
            var waiting = await (await fra.GetAsync(url)).ReadAsync<WebhookResponse>();
            Assert.InRange(waiting.NextAttemptAt - factory.Clock.GetUtcNow(), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(12));
            factory.Clock.Advance(TimeSpan.FromSeconds(13));
        }

        var accepted = Assert.Single(await receiver.WaitForAsync(r => r.Count >= 1));
        Assert.Equal("blockAgreed", accepted.Json["type"]!.GetValue<string>());
        Assert.Equal(3, receiver.Requests.Count);
        Assert.Single(receiver.Requests.Select(r => r.Id).Distinct());
        await WaitAsync(async () => (await (await fra.GetAsync($"{url}/deliveries")).ReadAsync<List<WebhookDeliveryResponse>>()).Count == 3);
        var attempts = await (await fra.GetAsync($"{url}/deliveries")).ReadAsync<List<WebhookDeliveryResponse>>();
        Assert.Equal([(3, 200, true), (2, 500, false), (1, 500, false)], attempts.Select(a => (a.Attempt, a.StatusCode ?? 0, a.Succeeded)));
        Assert.Contains("answered 500", attempts[1].Error, StringComparison.Ordinal);

        // Failing past the last retry: disabled, with the reason; resumed, it delivers what waited.
        receiver.Answer = _ => 503;
        await (await _chair.PostAsync($"/api/documents/{document.Id}/blocks/{document.Blocks[2].Id}/reopen", null)).AssertSuccessAsync();
        await (await _chair.PostAsync($"/api/documents/{document.Id}/blocks/{document.Blocks[2].Id}/agree", null)).AssertSuccessAsync();
        await WaitAsync(async () => (await (await fra.GetAsync(url)).ReadAsync<WebhookResponse>()).Status == WebhookStatus.Disabled,
            () => factory.Clock.Advance(TimeSpan.FromSeconds(13)));
        var disabled = await (await fra.GetAsync(url)).ReadAsync<WebhookResponse>();
        Assert.Contains("Disabled after 4 failed attempts in a row; the last: The receiver answered 503", disabled.DisabledReason, StringComparison.Ordinal);
        receiver.Answer = _ => 200;
        await (await fra.PostAsync($"{url}/resume", null)).AssertSuccessAsync();
        var both = await receiver.WaitForAsync(r => r.Count >= 2);
        Assert.Equal(2, both.Count);
    }

    [Fact]
    public async Task A_subscription_of_FRA_never_receives_a_chair_only_comment_or_ESP_s_withdrawn_amendment()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var document = await factory.CreateOpenAsync();
        var fra = await factory.ClientForAsync("FRA");
        var esp = await factory.ClientForAsync("ESP");
        var forFra = await SubscribeAsync(fra, new { url = receiver.BaseUrl + "/fra", documentId = document.Id });
        var forChair = await SubscribeAsync(_chair, new { url = receiver.BaseUrl + "/chair", documentId = document.Id });
        await SubscribeAsync(esp, new { url = receiver.BaseUrl + "/esp", documentId = document.Id });
        await (await fra.PostAsync($"/api/webhooks/{forFra.Subscription.Id}/pause", null)).AssertSuccessAsync();

        await (await esp.PostAsync($"/api/documents/{document.Id}/comments",
            JsonBody(new { blockId = document.Blocks[1].Id, text = "Our capital cannot accept it.", visibility = "chair" }))).AssertSuccessAsync();
        var withdrawn = await esp.ProposeAsync(document.Id, new { kind = "replace", blockId = document.Blocks[1].Id, baseVersion = 1, quote = "cooperate", text = "collude" });
        await (await esp.PostAsync($"/api/documents/{document.Id}/amendments/{withdrawn.Id}/withdraw", null)).AssertSuccessAsync();
        await esp.ProposeAsync(document.Id, new { kind = "replace", blockId = document.Blocks[2].Id, baseVersion = 1, quote = "Second", text = "Next" });
        await (await fra.PostAsync($"/api/webhooks/{forFra.Subscription.Id}/resume", null)).AssertSuccessAsync();

        var all = await receiver.WaitForAsync(r => r.Count(x => x.Path == "/fra") >= 4 && r.Count(x => x.Path == "/chair") >= 4 && r.Count(x => x.Path == "/esp") >= 4);
        var toFra = all.Where(r => r.Path == "/fra").ToList();
        var toChair = all.Where(r => r.Path == "/chair").ToList();
        Assert.Equal(["commentAdded", "amendmentProposed", "amendmentWithdrawn", "amendmentProposed"], toFra.Select(r => r.Json["type"]!.GetValue<string>()));
        Assert.DoesNotContain(toFra, r => r.Body.Contains("capital", StringComparison.Ordinal) || r.Body.Contains("collude", StringComparison.Ordinal));
        Assert.Contains("Next", toFra[3].Body, StringComparison.Ordinal);
        Assert.Contains(toChair, r => r.Body.Contains("capital", StringComparison.Ordinal));
        Assert.Contains(toChair, r => r.Body.Contains("collude", StringComparison.Ordinal));
        // Each owner is sent what it reads in the log: FRA neither, ESP (the author and the proposer) and the chair both.
        foreach (var (owner, path) in new[] { ("FRA", "/fra"), ("ESP", "/esp"), ("CHAIR", "/chair") })
        {
            var log = (await LogAsync(document.Id, owner)).TakeLast(4).ToList();
            Assert.Equal(log.Select(e => e["data"]!.ToJsonString()), all.Where(r => r.Path == path).Select(r => r.Json["data"]!.ToJsonString()));
        }

        Assert.Contains(all, r => r.Path == "/esp" && r.Body.Contains("capital", StringComparison.Ordinal));
        Assert.Contains(all, r => r.Path == "/esp" && r.Body.Contains("collude", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rotating_the_secret_keeps_deliveries_valid_under_either_secret_during_the_overlap()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var document = await factory.CreateOpenAsync();
        var mex = await factory.ClientForAsync("MEX");
        var created = await SubscribeAsync(mex, new { url = receiver.Url, documentId = document.Id, eventTypes = new[] { "blockAgreed", "blockReopened" } });
        var rotated = await (await mex.PostAsync($"/api/webhooks/{created.Subscription.Id}/rotate-secret", null)).ReadAsync<WebhookSecretResponse>();
        Assert.NotEqual(created.Secret, rotated.Secret);
        Assert.Equal(factory.Clock.GetUtcNow().AddHours(1), rotated.Subscription.PreviousSecretExpiresAt);

        await (await _chair.PostAsync($"/api/documents/{document.Id}/blocks/{document.Blocks[2].Id}/agree", null)).AssertSuccessAsync();
        var during = Assert.Single(await receiver.WaitForAsync(r => r.Count >= 1));
        AssertSigned(during, created.Secret);
        AssertSigned(during, rotated.Secret);

        factory.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        await (await _chair.PostAsync($"/api/documents/{document.Id}/blocks/{document.Blocks[2].Id}/reopen", null)).AssertSuccessAsync();
        var after = (await receiver.WaitForAsync(r => r.Count >= 2))[1];
        AssertSigned(after, rotated.Secret);
        Assert.False(WebhookSignature.Verify(created.Secret, after.Id, after.Timestamp, after.Body, after.Signature));
    }

    [Theory]
    [InlineData("https://10.0.0.1/hook", "10.0.0.1, a private address")]
    [InlineData("https://169.254.169.254/latest/meta-data", "169.254.169.254, a link-local address")]
    [InlineData("https://localhost/hook", "a loopback address")]
    [InlineData("https://rebind.example/hook", "rebind.example resolves to 127.0.0.1, a loopback address")]
    [InlineData("http://receiver.example/hook", "over https only")]
    [InlineData("https://user:pass@receiver.example/hook", "no user name or password")]
    [InlineData("ftp://receiver.example/hook", "absolute https URL")]
    [InlineData("https://nowhere.example/hook", "does not resolve")]
    public async Task A_url_to_the_server_s_own_network_or_not_https_is_refused_with_a_clear_detail_and_nothing_written(string url, string detail)
    {
        var esp = await factory.ClientForAsync("ESP");
        var registry = (await (await _chair.GetAsync("/api/delegations/events?limit=1000")).ReadAsync<JsonArray>()).Count;
        var problem = await (await esp.PostAsync("/api/webhooks", JsonBody(new { url })))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains(detail, problem["errors"]!["url"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(registry, (await (await _chair.GetAsync("/api/delegations/events?limit=1000")).ReadAsync<JsonArray>()).Count);
    }

    [Fact]
    public async Task A_public_https_receiver_is_accepted_and_a_redirect_is_not_followed()
    {
        await (await (await factory.ClientForAsync("ESP")).PostAsync("/api/webhooks", JsonBody(new { url = "https://receiver.example/hook" })))
            .AssertSuccessAsync();

        await using var receiver = await WebhookReceiver.StartAsync();
        var document = await factory.CreateOpenAsync();
        var esp = await factory.ClientForAsync("ESP");
        var subscription = (await SubscribeAsync(esp, new { url = receiver.BaseUrl + "/redirect", documentId = document.Id })).Subscription;
        await (await _chair.PostAsync($"/api/documents/{document.Id}/blocks/{document.Blocks[2].Id}/agree", null)).AssertSuccessAsync();
        await WaitAsync(async () => (await (await esp.GetAsync($"/api/webhooks/{subscription.Id}")).ReadAsync<WebhookResponse>()).Failures == 1);
        var attempt = Assert.Single(await (await esp.GetAsync($"/api/webhooks/{subscription.Id}/deliveries")).ReadAsync<List<WebhookDeliveryResponse>>());
        Assert.Equal((false, 302), (attempt.Succeeded, attempt.StatusCode ?? 0));
        Assert.Contains("not followed", attempt.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(receiver.Requests, r => r.Path == "/hook");
    }

    [Fact]
    public async Task Only_its_owner_and_the_chair_see_or_change_a_subscription_and_a_replay_repeats_the_same_webhook_ids()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var document = await factory.CreateOpenAsync();
        var bra = await factory.ClientForAsync("BRA");
        var subscription = (await SubscribeAsync(bra, new { url = receiver.Url, documentId = document.Id })).Subscription;
        var url = $"/api/webhooks/{subscription.Id}";
        var fra = await factory.ClientForAsync("FRA");
        await (await fra.GetAsync(url)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await fra.PostAsync($"{url}/pause", null)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await fra.DeleteAsync(url)).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.DoesNotContain(await (await fra.GetAsync("/api/webhooks")).ReadAsync<List<WebhookResponse>>(), s => s.Id == subscription.Id);
        Assert.Contains(await (await _chair.GetAsync("/api/webhooks")).ReadAsync<List<WebhookResponse>>(), s => s.Id == subscription.Id);
        await (await (await factory.ClientForAsync("ICRC")).PostAsync("/api/webhooks", JsonBody(new { url = receiver.Url }))).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await bra.PostAsync("/api/webhooks", JsonBody(new { url = receiver.Url, eventTypes = new[] { "nonsense" } }))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await bra.PostAsync("/api/webhooks", JsonBody(new { url = receiver.Url, blockIds = new[] { document.Blocks[1].Id } }))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);

        await (await _chair.PostAsync($"/api/documents/{document.Id}/blocks/{document.Blocks[2].Id}/agree", null)).AssertSuccessAsync();
        var first = Assert.Single(await receiver.WaitForAsync(r => r.Count >= 1));
        var sequence = first.Json["sequence"]!.GetValue<long>();
        await (await bra.PostAsync($"{url}/replay", JsonBody(new { documentId = document.Id, fromSequence = sequence - 1 }))).AssertSuccessAsync();
        var again = await receiver.WaitForAsync(r => r.Count >= 3);
        Assert.Equal([first.Id], again.Skip(1).Where(r => r.Json["sequence"]!.GetValue<long>() == sequence).Select(r => r.Id));
        Assert.Equal(sequence - 1, again[1].Json["sequence"]!.GetValue<long>());

        await (await bra.DeleteAsync(url)).AssertSuccessAsync();
        await (await bra.GetAsync(url)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, Action? meanwhile = null)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, "the condition did not hold within 20 s");
            meanwhile?.Invoke();
            await Task.Delay(50);
        }
    }
}
