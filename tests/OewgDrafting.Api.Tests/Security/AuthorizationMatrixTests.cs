using System.Net;
using OewgDrafting.Api.Features.Delegations;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Tests.Infrastructure;
using static OewgDrafting.Api.Tests.Infrastructure.HttpExtensions;

namespace OewgDrafting.Api.Tests.Security;

/// <summary>
/// Every endpoint, every kind of caller: anonymous, a bad key, an observer, a delegation, another
/// delegation and the chair get exactly the expected status, and a refused request writes nothing.
/// </summary>
public class AuthorizationMatrixTests(DraftingApiFactory factory) : IClassFixture<DraftingApiFactory>
{
    private const int Ok = 200, Created = 201, NoContent = 204, Unauthorized = 401, Forbidden = 403;

    /// <summary>Sets up what the chair's request needs, and returns a factory of identical requests.</summary>
    private delegate Task<Func<HttpRequestMessage>> Arrange(DraftingApiFactory factory);

    private sealed record Row(Arrange Arrange, int Observer, int Delegation, int OtherDelegation, int Chair);

    private static HttpRequestMessage Request(HttpMethod method, string url, HttpContent? content = null) =>
        new(method, url) { Content = content };

    private static Func<HttpRequestMessage> Get(string url) => () => Request(HttpMethod.Get, url);

    private static async Task<DocumentResponse> DraftAsync(DraftingApiFactory f) => await f.CreateDraftAsync();

    private static readonly Dictionary<string, Row> Rows = new()
    {
        ["GET documents"] = new(async f => Get("/api/documents"), Ok, Ok, Ok, Ok),
        ["GET document"] = new(async f => Get($"/api/documents/{(await DraftAsync(f)).Id}"), Ok, Ok, Ok, Ok),
        ["GET text"] = new(async f => Get($"/api/documents/{(await DraftAsync(f)).Id}/text"), Ok, Ok, Ok, Ok),
        ["GET block"] = new(async f =>
        {
            var d = await DraftAsync(f);
            return Get($"/api/documents/{d.Id}/blocks/{d.Blocks[1].Id}");
        }, Ok, Ok, Ok, Ok),
        ["GET events"] = new(async f => Get($"/api/documents/{(await DraftAsync(f)).Id}/events"), Ok, Ok, Ok, Ok),
        ["POST document"] = new(async f => () => Request(HttpMethod.Post, "/api/documents",
            JsonBody(new { symbol = "A/2", title = "t", language = "en" })), Forbidden, Forbidden, Forbidden, Created),
        ["POST import"] = new(async f => () => Request(HttpMethod.Post, "/api/documents/import?symbol=A/3&language=en",
            TextBody("Body\n\nTitle\n\nI. Heading\n\n1. Text.\n")), Forbidden, Forbidden, Forbidden, Created),
        ["POST block"] = new(async f =>
        {
            var d = await DraftAsync(f);
            return () => Request(HttpMethod.Post, $"/api/documents/{d.Id}/blocks", JsonBody(new { kind = "paragraph", text = "New." }));
        }, Forbidden, Forbidden, Forbidden, Created),
        ["PUT block"] = new(async f =>
        {
            var d = await DraftAsync(f);
            return () => Request(HttpMethod.Put, $"/api/documents/{d.Id}/blocks/{d.Blocks[1].Id}", JsonBody(new { text = "Edited.", expectedVersion = 1 }));
        }, Forbidden, Forbidden, Forbidden, Ok),
        ["DELETE block"] = new(async f =>
        {
            var d = await DraftAsync(f);
            return () => Request(HttpMethod.Delete, $"/api/documents/{d.Id}/blocks/{d.Blocks[2].Id}?expectedVersion=1");
        }, Forbidden, Forbidden, Forbidden, NoContent),
        ["GET delegations"] = new(async f => Get("/api/delegations"), Ok, Ok, Ok, Ok),
        ["GET delegation"] = new(async f => Get("/api/delegations/ESP"), Ok, Ok, Ok, Ok),
        ["POST delegation"] = new(async f => () => Request(HttpMethod.Post, "/api/delegations",
            JsonBody(new { code = "ITA", name = "Italia", kind = "memberState" })), Forbidden, Forbidden, Forbidden, Created),
        ["PATCH delegation"] = new(async f => () => Request(HttpMethod.Patch, "/api/delegations/MEX",
            JsonBody(new { name = "Estados Unidos Mexicanos" })), Forbidden, Forbidden, Forbidden, Ok),
        ["POST key"] = new(async f => () => Request(HttpMethod.Post, "/api/delegations/BRA/keys"), Forbidden, Forbidden, Forbidden, Created),
        ["GET keys (own)"] = new(async f => Get("/api/delegations/ESP/keys"), Forbidden, Ok, Forbidden, Ok),
        ["DELETE key"] = new(async f =>
        {
            var issued = await (await f.ChairClient().PostAsync("/api/delegations/SGP/keys", null)).ReadAsync<IssuedKeyResponse>();
            return () => Request(HttpMethod.Delete, $"/api/delegations/SGP/keys/{issued.Id}");
        }, Forbidden, Forbidden, Forbidden, NoContent),
        ["GET registry events"] = new(async f => Get("/api/delegations/events"), Forbidden, Forbidden, Forbidden, Ok),
    };

    public static TheoryData<string> Endpoints => new(Rows.Keys);

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Each_caller_gets_exactly_the_expected_status_and_refusals_write_nothing(string endpoint)
    {
        var row = Rows[endpoint];
        var request = await row.Arrange(factory);
        var callers = new (string Who, HttpClient Client, int Expected)[]
        {
            ("anonymous", factory.CreateClient(), Unauthorized),
            ("a bad key", factory.ClientWithKey("oewg_not-a-key-anyone-was-given"), Unauthorized),
            ("an observer", await factory.ClientForAsync("ICRC"), row.Observer),
            ("a delegation", await factory.ClientForAsync("ESP"), row.Delegation),
            ("another delegation", await factory.ClientForAsync("FRA"), row.OtherDelegation),
        };
        var before = await StateAsync();
        foreach (var (who, client, expected) in callers)
        {
            var response = await client.SendAsync(request());
            Assert.True(expected == (int)response.StatusCode, $"{endpoint} by {who}: expected {expected}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            if (expected >= 400)
            {
                await response.AssertProblemAsync((HttpStatusCode)expected);
            }

            if (expected == Unauthorized)
            {
                Assert.StartsWith("ApiKey", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
            }
        }

        // Reads by others changed nothing, and neither did any refused write.
        Assert.Equal(before, await StateAsync());

        var chair = await factory.ChairClient().SendAsync(request());
        Assert.True(row.Chair == (int)chair.StatusCode, $"{endpoint} by the chair: {(int)chair.StatusCode} {await chair.Content.ReadAsStringAsync()}");
    }

    /// <summary>Everything a write could change: every document's version and the registry's log.</summary>
    private async Task<string> StateAsync()
    {
        var chair = factory.ChairClient();
        var documents = await (await chair.GetAsync("/api/documents")).ReadAsync<List<DocumentSummary>>();
        var registry = await (await chair.GetAsync("/api/delegations/events?limit=1000")).ReadAsync<List<RegistryEventResponse>>();
        return string.Join(",", documents.OrderBy(d => d.Id).Select(d => $"{d.Id}:{d.Version}")) + "|" + registry.Count;
    }
}
