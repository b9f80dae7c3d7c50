using System.Net;
using OewgDrafting.Api.Features.Delegations;
using OewgDrafting.Api.Tests.Infrastructure;
using OewgDrafting.Domain.Delegations;
using static OewgDrafting.Api.Tests.Infrastructure.HttpExtensions;

namespace OewgDrafting.Api.Tests.Security;

public class KeysAndDelegationsTests(DraftingApiFactory factory) : IClassFixture<DraftingApiFactory>
{
    private readonly HttpClient _chair = factory.ChairClient();

    [Fact]
    public async Task The_demo_registry_has_member_states_a_group_with_members_an_observer_and_the_chair()
    {
        var delegations = await (await _chair.GetAsync("/api/delegations")).ReadAsync<List<DelegationResponse>>();

        Assert.Contains(delegations, d => d is { Code: "CHAIR", Kind: DelegationKind.Chair, Role: "chair" });
        Assert.Contains(delegations, d => d is { Code: "ESP", Kind: DelegationKind.MemberState, Role: "delegation" });
        var eu = Assert.Single(delegations, d => d.Code == "EU");
        Assert.Equal(DelegationKind.Group, eu.Kind);
        Assert.Equal(["ESP", "FRA", "DEU"], eu.Members);
        Assert.Contains(delegations, d => d is { Code: "ICRC", Kind: DelegationKind.Observer, Role: "observer" });
    }

    [Fact]
    public async Task An_issued_key_is_random_shown_once_listed_without_the_key_and_revoked_at_once()
    {
        var response = await _chair.PostAsync("/api/delegations/MEX/keys", null);
        var issued = await response.ReadAsync<IssuedKeyResponse>();
        var other = await (await _chair.PostAsync("/api/delegations/MEX/keys", null)).ReadAsync<IssuedKeyResponse>();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.StartsWith("oewg_", issued.Key, StringComparison.Ordinal);
        Assert.True(Convert.FromBase64String(issued.Key[5..].Replace('-', '+').Replace('_', '/') + "=").Length >= 16, "at least 128 bits");
        Assert.NotEqual(issued.Key, other.Key);

        var mexico = factory.ClientWithKey(issued.Key);
        Assert.Equal(HttpStatusCode.OK, (await mexico.GetAsync("/api/documents")).StatusCode);

        var listing = await (await _chair.GetAsync("/api/delegations/MEX/keys")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(issued.Key, listing, StringComparison.Ordinal);
        var keys = System.Text.Json.JsonSerializer.Deserialize<List<KeyResponse>>(listing, HttpExtensions.Json)!;
        var listed = Assert.Single(keys, k => k.Id == issued.Id);
        Assert.Equal(factory.Clock.GetUtcNow(), listed.LastUsedAt);
        Assert.Null(listed.RevokedAt);

        Assert.Equal(HttpStatusCode.NoContent, (await _chair.DeleteAsync($"/api/delegations/MEX/keys/{issued.Id}")).StatusCode);

        await (await mexico.GetAsync("/api/documents")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await factory.ClientWithKey(other.Key).GetAsync("/api/documents")).StatusCode);
        await (await _chair.DeleteAsync($"/api/delegations/MEX/keys/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_chairs_last_key_cannot_be_revoked()
    {
        var keys = await (await _chair.GetAsync("/api/delegations/CHAIR/keys")).ReadAsync<List<KeyResponse>>();
        var only = Assert.Single(keys, k => k.Active);

        await (await _chair.DeleteAsync($"/api/delegations/CHAIR/keys/{only.Id}")).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.OK, (await _chair.GetAsync("/api/documents")).StatusCode);
    }

    [Fact]
    public async Task Deactivating_a_delegation_revokes_its_keys_and_reactivating_it_brings_none_back()
    {
        await factory.EnsureDelegationAsync("PER");
        var peru = await factory.ClientForAsync("PER");
        Assert.Equal(HttpStatusCode.OK, (await peru.GetAsync("/api/documents")).StatusCode);

        var deactivated = await (await _chair.PatchAsync("/api/delegations/PER", JsonBody(new { active = false }))).ReadAsync<DelegationResponse>();
        Assert.False(deactivated.Active);
        await (await peru.GetAsync("/api/documents")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await _chair.PostAsync("/api/delegations/PER/keys", null)).AssertProblemAsync(HttpStatusCode.Conflict);

        var keys = await (await _chair.GetAsync("/api/delegations/PER/keys")).ReadAsync<List<KeyResponse>>();
        Assert.All(keys, k => Assert.NotNull(k.RevokedAt));

        await _chair.PatchAsync("/api/delegations/PER", JsonBody(new { active = true, name = "Perú" }));
        // The old key stays dead: reactivation needs a new key, which the chair issues.
        await (await peru.GetAsync("/api/documents")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Perú", (await (await _chair.GetAsync("/api/delegations/per")).ReadAsync<DelegationResponse>()).Name);
        var issued = await (await _chair.PostAsync("/api/delegations/PER/keys", null)).ReadAsync<IssuedKeyResponse>();
        Assert.Equal(HttpStatusCode.OK, (await factory.ClientWithKey(issued.Key).GetAsync("/api/documents")).StatusCode);
        var log = System.Text.Json.Nodes.JsonNode.Parse(await _chair.GetStringAsync("/api/delegations/events?after=0&limit=1000"))!.AsArray();
        Assert.Contains(log, e => e!["type"]!.GetValue<string>() == "delegationUpdated"
            && e["data"]!["revokedKeys"]!.AsArray().Count == keys.Count);
    }

    [Fact]
    public async Task The_chair_cannot_be_deactivated()
    {
        await (await _chair.PatchAsync("/api/delegations/CHAIR", JsonBody(new { active = false }))).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    public static TheoryData<string, HttpStatusCode, string> BadDelegations => new()
    {
        { "{\"code\": \"x\", \"name\": \"X\", \"kind\": \"memberState\"}", HttpStatusCode.UnprocessableEntity, "code" },
        { "{\"code\": \"NOR\", \"name\": \"\", \"kind\": \"memberState\"}", HttpStatusCode.UnprocessableEntity, "name" },
        { "{\"code\": \"NOR\", \"name\": \"Norge\"}", HttpStatusCode.UnprocessableEntity, "kind" },
        { "{\"code\": \"NOR\", \"name\": \"Norge\", \"kind\": \"chair\"}", HttpStatusCode.UnprocessableEntity, "kind" },
        { "{\"code\": \"NOR\", \"name\": \"Norge\", \"kind\": \"memberState\", \"members\": [\"ESP\"]}", HttpStatusCode.UnprocessableEntity, "members" },
        { "{\"code\": \"AU\", \"name\": \"African Union\", \"kind\": \"group\", \"members\": [\"ZZZ\"]}", HttpStatusCode.UnprocessableEntity, "members" },
        { "{\"code\": \"NOR\", \"name\": \"Norge\", \"kind\": \"kingdom\"}", HttpStatusCode.BadRequest, "$.kind" },
    };

    [Theory]
    [MemberData(nameof(BadDelegations))]
    public async Task Bad_delegations_are_refused_per_field(string json, HttpStatusCode status, string field)
    {
        var problem = await (await _chair.PostAsync("/api/delegations", JsonBody(json))).AssertProblemAsync(status);

        Assert.NotNull(problem["errors"]?[field]);
        await (await _chair.GetAsync("/api/delegations/NOR")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_code_is_registered_once()
    {
        await (await _chair.PostAsync("/api/delegations", JsonBody(new { code = "ESP", name = "Spain", kind = "memberState" })))
            .AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_registry_log_records_who_did_what()
    {
        await _chair.PostAsync("/api/delegations", JsonBody(new { code = "CHL", name = "Chile", kind = "memberState" }));

        var events = await (await _chair.GetAsync("/api/delegations/events?limit=1000")).ReadAsync<List<RegistryEventResponse>>();

        var created = Assert.Single(events, e => e is { Type: "delegationCreated", Subject: "CHL" });
        Assert.Equal("CHAIR", created.Actor);
        Assert.Equal("Chile", created.Data.GetProperty("name").GetString());
        Assert.Contains(events, e => e is { Type: "keyIssued", Subject: "CHAIR", Actor: "system" });
    }
}

/// <summary>With no configured key, the server makes one and prints it once; keys never reach the logs.</summary>
public sealed class GeneratedChairKeyFactory : DraftingApiFactory
{
    protected override string? ConfiguredChairKey => null;

    protected override string Environment => "Development";
}

public class BootstrapTests(GeneratedChairKeyFactory factory) : IClassFixture<GeneratedChairKeyFactory>
{
    [Fact]
    public async Task Without_a_configured_key_the_chairs_key_is_generated_and_printed_once_and_never_logged()
    {
        factory.CreateClient(); // starts the server
        var printed = factory.Console.ToString();
        var chairKey = System.Text.RegularExpressions.Regex.Match(printed, @"The chair's API key.*?(oewg_[A-Za-z0-9_-]+)", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value;

        Assert.NotEmpty(chairKey);
        var chair = factory.ClientWithKey(chairKey);
        Assert.Equal(HttpStatusCode.Created, (await chair.PostAsync("/api/delegations", JsonBody(new { code = "NZL", name = "New Zealand", kind = "memberState" }))).StatusCode);

        // Development prints demo keys for the demo delegations, and they work.
        var esp = System.Text.RegularExpressions.Regex.Match(printed, @"ESP\s+(oewg_[A-Za-z0-9_-]+)").Groups[1].Value;
        Assert.Equal(HttpStatusCode.OK, (await factory.ClientWithKey(esp).GetAsync("/api/documents")).StatusCode);

        var logs = string.Join("\n", factory.Logs.Lines);
        Assert.DoesNotContain(chairKey, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(esp, logs, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"oewg_[A-Za-z0-9_-]{40,}", logs);
    }
}

public class DemoKeysOnlyInDevelopmentTests(DraftingApiFactory factory) : IClassFixture<DraftingApiFactory>
{
    [Fact]
    public void Outside_Development_no_key_is_printed()
    {
        factory.CreateClient();
        Assert.DoesNotContain("oewg_", factory.Console.ToString(), StringComparison.Ordinal);
    }
}
