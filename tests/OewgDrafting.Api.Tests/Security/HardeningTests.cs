using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using OewgDrafting.Api.Infrastructure.Auth;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Tests.Infrastructure;
using static OewgDrafting.Api.Tests.Infrastructure.HttpExtensions;

namespace OewgDrafting.Api.Tests.Security;

public sealed class TightRateLimitFactory : DraftingApiFactory
{
    protected override bool SeedDemo => false;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimiting:PermitsPerSecond"] = "1",
        ["RateLimiting:Burst"] = "3",
    };
}

public class RateLimitTests(TightRateLimitFactory factory) : IClassFixture<TightRateLimitFactory>
{
    [Fact]
    public async Task A_key_over_its_rate_gets_429_with_Retry_After_and_other_keys_are_unaffected()
    {
        var chair = factory.ChairClient();
        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 8; i++)
        {
            responses.Add(await chair.GetAsync("/api/documents"));
        }

        var limited = responses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().GetAsync("/health")).StatusCode);
    }
}

public sealed class PublicReadFactory : DraftingApiFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Auth:PublicRead"] = "true" };
}

public class PublicReadTests(PublicReadFactory factory) : IClassFixture<PublicReadFactory>
{
    [Fact]
    public async Task With_public_read_anonymous_clients_read_documents_but_still_cannot_write()
    {
        var anonymous = factory.CreateClient();
        var documents = await (await anonymous.GetAsync("/api/documents")).ReadAsync<List<DocumentSummary>>();
        var demo = Assert.Single(documents);

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/documents/{demo.Id}/text?format=markdown")).StatusCode);
        await (await anonymous.PostAsync("/api/documents", JsonBody(new { symbol = "A/1", title = "t", language = "en" })))
            .AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.GetAsync("/api/delegations")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        // A bad key is refused even where anonymous reading is allowed.
        await (await factory.ClientWithKey("oewg_wrong").GetAsync("/api/documents")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }
}

public class SecurityHeaderTests(DraftingApiFactory factory) : IClassFixture<DraftingApiFactory>
{
    [Fact]
    public async Task Rendered_html_forbids_scripts_framing_and_sniffing()
    {
        var chair = factory.ChairClient();
        var demo = (await (await chair.GetAsync("/api/documents")).ReadAsync<List<DocumentSummary>>())[0];

        var response = await chair.GetAsync($"/api/documents/{demo.Id}/text?format=html");

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src", policy, StringComparison.Ordinal);
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task Hostile_text_is_escaped_in_html()
    {
        var document = await factory.CreateDraftAsync(new { kind = "paragraph", label = "1", text = "<img src=x onerror=alert(1)> [<b>bold</b> / \"q\"]" });

        var html = await factory.ChairClient().GetStringAsync($"/api/documents/{document.Id}/text?format=html");

        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unexpected_path_or_method_is_a_problem_without_internals()
    {
        var chair = factory.ChairClient();
        await (await chair.GetAsync("/api/nothing-here")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await chair.PatchAsync("/api/documents", JsonBody(new { }))).AssertProblemAsync(HttpStatusCode.MethodNotAllowed);
    }
}

public class KeyShapeTests(DraftingApiFactory factory) : IClassFixture<DraftingApiFactory>
{
    public static TheoryData<string[]> KeysThatCannotBeOurs => new()
    {
        { new[] { "   " } },
        { new[] { new string('k', 201) } },
        { new[] { "oewg_unknown-but-well-formed" } },
        // Two keys are refused, even if one of them is valid: a request speaks for one delegation.
        { new[] { DraftingApiFactory.ChairKey, "oewg_other" } },
        { new[] { DraftingApiFactory.ChairKey, DraftingApiFactory.ChairKey } },
    };

    [Theory]
    [MemberData(nameof(KeysThatCannotBeOurs))]
    public async Task A_key_that_cannot_be_valid_is_refused_with_the_challenges_detail(string[] keys)
    {
        var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/documents");
        request.Headers.TryAddWithoutValidation("X-Api-Key", keys);

        var problem = await (await client.SendAsync(request)).AssertProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Contains("not valid", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_key_scheme_is_the_default_and_answers_for_a_valid_an_unknown_and_a_missing_key()
    {
        var schemes = factory.Services.GetRequiredService<IAuthenticationSchemeProvider>();
        Assert.Equal(ApiKeyAuthenticationHandler.SchemeName, (await schemes.GetDefaultAuthenticateSchemeAsync())?.Name);

        // Each request has its scope, as in the server: a scheme's handler belongs to one request.
        using var first = factory.Services.CreateScope();
        using var second = factory.Services.CreateScope();
        using var third = factory.Services.CreateScope();
        var valid = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = first.ServiceProvider };
        valid.Request.Headers[ApiKeyAuthenticationHandler.HeaderName] = DraftingApiFactory.ChairKey;
        var success = await valid.AuthenticateAsync();
        Assert.True(success.Succeeded);
        Assert.Equal("CHAIR", success.Principal!.FindFirst(Claims.Delegation)?.Value);
        Assert.True(success.Principal.IsInRole(Roles.Chair));

        var unknown = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = second.ServiceProvider };
        unknown.Request.Headers[ApiKeyAuthenticationHandler.HeaderName] = "oewg_invented";
        Assert.NotNull((await unknown.AuthenticateAsync()).Failure);

        Assert.True((await new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = third.ServiceProvider }.AuthenticateAsync()).None);
    }

    [Fact]
    public async Task The_one_valid_key_is_accepted_with_the_spaces_around_it_and_a_missing_key_is_asked_for()
    {
        using var padded = new HttpRequestMessage(HttpMethod.Get, "/api/documents");
        padded.Headers.TryAddWithoutValidation("X-Api-Key", $"  {DraftingApiFactory.ChairKey} ");
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().SendAsync(padded)).StatusCode);

        var problem = await (await factory.CreateClient().GetAsync("/api/documents")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("Send an API key", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}

public class KeysInUrlsTests(DraftingApiFactory factory) : IClassFixture<DraftingApiFactory>
{
    [Theory]
    [InlineData("api_key")]
    [InlineData("apiKey")]
    [InlineData("X-Api-Key")]
    [InlineData("access_token")]
    public async Task A_key_sent_in_a_query_string_is_refused_with_a_useful_detail_and_never_reaches_the_log(string parameter)
    {
        var secret = DraftingApiFactory.ChairKey;
        var response = await factory.CreateClient().GetAsync($"/api/documents?{parameter}={secret}");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("X-Api-Key header", problem["detail"]!.GetValue<string>());
        Assert.DoesNotContain(secret, problem.ToJsonString());
        // Even with the right key in the header the request is refused: the key in the URL is already exposed.
        await (await factory.ChairClient().GetAsync($"/api/documents?{parameter}={secret}")).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(factory.Logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("query string", StringComparison.Ordinal));
        Assert.DoesNotContain(factory.Logs.Lines, l => l.Contains(secret, StringComparison.Ordinal));
        // Ordinary query parameters are untouched.
        Assert.Equal(HttpStatusCode.OK, (await factory.ChairClient().GetAsync("/api/documents?view=clean")).StatusCode);
    }
}
