using System.Net;
using OewgDrafting.Api.Features.Amendments;
using OewgDrafting.Api.Features.Delegations;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Tests.Infrastructure;
using static OewgDrafting.Api.Tests.Infrastructure.HttpExtensions;

namespace OewgDrafting.Api.Tests.Security;

/// <summary>
/// Every endpoint, every kind of caller: anonymous, a bad key, an observer, the secretariat, a delegation, another
/// delegation, a facilitator outside its cluster, a facilitator inside it and the chair get exactly the expected status,
/// and a refused request writes nothing. Each document made here has two sections, I (the one every row acts on) and
/// II, in clusters facilitated by DEU and by SGP.
/// </summary>
public class AuthorizationMatrixTests(DraftingApiFactory factory) : IClassFixture<DraftingApiFactory>
{
    private const int Ok = 200, Created = 201, NoContent = 204, Unauthorized = 401, Forbidden = 403, Conflict = 409, NotFound = 404;

    /// <summary>Sets up what the chair's request needs, and returns a factory of identical requests.</summary>
    private delegate Task<Func<HttpRequestMessage>> Arrange(DraftingApiFactory factory);

    /// <summary>
    /// The expected status per caller. <paramref name="Presiding"/>: the chair's power that a facilitator has inside its
    /// cluster (the facilitator inside then gets what the chair gets, the one outside a 403); otherwise facilitators are
    /// delegations like any other. The secretariat gets what an observer gets unless told.
    /// </summary>
    private sealed record Row(Arrange Arrange, int Observer, int Delegation, int OtherDelegation, int Chair, bool Presiding = false,
        int? Secretariat = null, int? Inside = null, int? Outside = null)
    {
        public int SecretariatStatus => Secretariat ?? Observer;
        public int InsideStatus => Inside ?? (Presiding ? Chair : OtherDelegation);
        public int OutsideStatus => Outside ?? (Presiding ? Forbidden : OtherDelegation);
    }

    /// <summary>The facilitator of cluster "I" (section I, where every row acts) and the facilitator of cluster "II".</summary>
    private const string InsideFacilitator = "DEU", OutsideFacilitator = "SGP";

    private static readonly object[] DefaultBlocks =
    [
        new { kind = "heading", label = "I.", level = 1, text = "Preamble" },
        new { kind = "paragraph", label = "1", text = "States [shall / should] cooperate." },
        new { kind = "paragraph", label = "2", text = "Second paragraph." },
        new { kind = "heading", label = "II.", level = 1, text = "Norms" },
        new { kind = "paragraph", label = "3", text = "Third paragraph." },
    ];

    /// <summary>Cluster "I" holds the first section (its facilitator is DEU), cluster "II" the second (SGP).</summary>
    private static async Task<DocumentResponse> WithClustersAsync(DraftingApiFactory f, DocumentResponse document)
    {
        var headings = document.Blocks.Where(b => b.Kind == Domain.Documents.BlockKind.Heading).ToList();
        foreach (var (heading, name, facilitator) in headings.Zip(new[] { ("I", InsideFacilitator), ("II", OutsideFacilitator) }, (h, c) => (h, c.Item1, c.Item2)))
        {
            var response = await f.ChairClient().PostAsync($"/api/documents/{document.Id}/clusters",
                JsonBody(new { name, sections = new[] { heading.Id }, facilitators = new[] { facilitator } }));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        return document;
    }

    /// <summary>A webhook subscription of ESP's (to a public address, for an event that never comes).</summary>
    private static async Task<Guid> WebhookAsync(DraftingApiFactory f)
    {
        var response = await (await f.ClientForAsync("ESP")).PostAsync("/api/webhooks",
            JsonBody(new { url = "https://93.184.216.34/hook", eventTypes = new[] { "documentAdopted" } }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadAsync<Features.Webhooks.WebhookSecretResponse>()).Subscription.Id;
    }

    private static async Task<List<Features.Meetings.ClusterResponse>> ClustersAsync(DraftingApiFactory f, DocumentResponse d) =>
        await (await f.ChairClient().GetAsync($"/api/documents/{d.Id}/clusters")).ReadAsync<List<Features.Meetings.ClusterResponse>>();

    private static async Task<DocumentResponse> OpenAsync(DraftingApiFactory f, params object[] blocks) =>
        await WithClustersAsync(f, await f.CreateOpenAsync(blocks.Length > 0 ? blocks : DefaultBlocks));

    private static HttpRequestMessage Request(HttpMethod method, string url, HttpContent? content = null) =>
        new(method, url) { Content = content };

    private static Func<HttpRequestMessage> Get(string url) => () => Request(HttpMethod.Get, url);

    private static async Task<DocumentResponse> DraftAsync(DraftingApiFactory f) => await WithClustersAsync(f, await f.CreateDraftAsync(DefaultBlocks));

    private static async Task<(DocumentResponse Document, AmendmentResponse Amendment)> AmendmentAsync(DraftingApiFactory f,
        string proposer = "ESP", string[]? cosponsors = null)
    {
        var document = await OpenAsync(f);
        var amendment = await (await f.ClientForAsync(proposer)).ProposeAsync(document.Id,
            new { kind = "replace", blockId = document.Blocks[1].Id, baseVersion = 1, quote = "cooperate", text = "act", cosponsors = cosponsors ?? [] });
        return (document, amendment);
    }

    /// <summary>An amendment whose invited co-sponsors have all confirmed, each with its own key.</summary>
    private static async Task<(DocumentResponse Document, AmendmentResponse Amendment)> CosponsoredAsync(DraftingApiFactory f, string proposer, string[] cosponsors)
    {
        var (document, amendment) = await AmendmentAsync(f, proposer, cosponsors);
        foreach (var code in cosponsors)
        {
            var confirmed = await (await f.ClientForAsync(code)).PostAsync($"/api/documents/{document.Id}/amendments/{amendment.Id}/cosponsor", null);
            Assert.Equal(System.Net.HttpStatusCode.OK, confirmed.StatusCode);
        }

        return (document, amendment);
    }

    private static Func<HttpRequestMessage> Post(string url, object? body = null) =>
        () => Request(HttpMethod.Post, url, body is null ? null : JsonBody(body));

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
        ["POST open"] = new(async f => Post($"/api/documents/{(await DraftAsync(f)).Id}/open"), Forbidden, Forbidden, Forbidden, Ok),
        ["POST amendment"] = new(async f =>
        {
            var d = await OpenAsync(f);
            return Post($"/api/documents/{d.Id}/amendments", new { kind = "delete", blockId = d.Blocks[2].Id, baseVersion = 1, quote = "Second " });
        }, Forbidden, Created, Created, Created),
        ["GET amendments"] = new(async f => Get($"/api/documents/{(await AmendmentAsync(f)).Document.Id}/amendments"), Ok, Ok, Ok, Ok),
        ["GET amendment"] = new(async f =>
        {
            var (d, a) = await AmendmentAsync(f);
            return Get($"/api/documents/{d.Id}/amendments/{a.Id}");
        }, Ok, Ok, Ok, Ok),
        ["GET collisions"] = new(async f => Get($"/api/documents/{(await AmendmentAsync(f)).Document.Id}/collisions"), Ok, Ok, Ok, Ok),
        ["POST cosponsor"] = new(async f =>
        {
            var (d, a) = await AmendmentAsync(f, "MEX");
            return Post($"/api/documents/{d.Id}/amendments/{a.Id}/cosponsor");
        }, Forbidden, Ok, Ok, Forbidden),
        ["POST withdraw-cosponsorship"] = new(async f =>
        {
            var (d, a) = await CosponsoredAsync(f, "MEX", ["ESP", "FRA"]);
            return Post($"/api/documents/{d.Id}/amendments/{a.Id}/withdraw-cosponsorship");
        }, Forbidden, Ok, Ok, Forbidden, Inside: Conflict, Outside: Conflict),
        ["POST decline-cosponsorship"] = new(async f =>
        {
            var (d, a) = await AmendmentAsync(f, "MEX", ["ESP", "FRA"]);
            return Post($"/api/documents/{d.Id}/amendments/{a.Id}/decline-cosponsorship");
        }, Forbidden, Ok, Ok, Forbidden, Inside: Conflict, Outside: Conflict),
        ["POST withdraw (proposer only)"] = new(async f =>
        {
            var (d, a) = await AmendmentAsync(f);
            return Post($"/api/documents/{d.Id}/amendments/{a.Id}/withdraw");
        }, Forbidden, Ok, Forbidden, Forbidden),
        ["POST accept"] = new(async f =>
        {
            var (d, a) = await AmendmentAsync(f);
            return Post($"/api/documents/{d.Id}/amendments/{a.Id}/accept");
        }, Forbidden, Forbidden, Forbidden, Ok, Presiding: true),
        ["POST bracket"] = new(async f =>
        {
            var (d, a) = await AmendmentAsync(f);
            return Post($"/api/documents/{d.Id}/amendments/{a.Id}/bracket");
        }, Forbidden, Forbidden, Forbidden, Ok, Presiding: true),
        ["POST reject"] = new(async f =>
        {
            var (d, a) = await AmendmentAsync(f);
            return Post($"/api/documents/{d.Id}/amendments/{a.Id}/reject", new { reason = "No." });
        }, Forbidden, Forbidden, Forbidden, Ok, Presiding: true),
        ["POST supersede"] = new(async f =>
        {
            var (d, a) = await AmendmentAsync(f);
            await f.ChairClient().PutAsync($"/api/documents/{d.Id}/blocks/{d.Blocks[1].Id}", JsonBody(new { text = "Rewritten.", expectedVersion = 1 }));
            return Post($"/api/documents/{d.Id}/amendments/{a.Id}/supersede");
        }, Forbidden, Forbidden, Forbidden, Ok, Presiding: true),
        ["POST merge"] = new(async f =>
        {
            var (d, a) = await AmendmentAsync(f);
            var b = await (await f.ClientForAsync("FRA")).ProposeAsync(d.Id, new { kind = "delete", blockId = d.Blocks[1].Id, baseVersion = 1, quote = " cooperate" });
            return Post($"/api/documents/{d.Id}/amendments/merge", new { amendmentIds = new[] { a.Id, b.Id }, kind = "replace", blockId = d.Blocks[1].Id, baseVersion = 1, quote = "cooperate", text = "engage" });
        }, Forbidden, Forbidden, Forbidden, Created, Presiding: true),
        ["PUT block position (own)"] = new(async f =>
        {
            var d = await OpenAsync(f);
            return () => Request(HttpMethod.Put, $"/api/documents/{d.Id}/blocks/{d.Blocks[1].Id}/positions/ESP", JsonBody(new { stance = "support" }));
        }, Forbidden, Ok, Forbidden, Forbidden),
        ["DELETE block position (own)"] = new(async f =>
        {
            var d = await OpenAsync(f);
            await (await f.ClientForAsync("ESP")).PutAsync($"/api/documents/{d.Id}/blocks/{d.Blocks[1].Id}/positions/ESP", JsonBody(new { stance = "support" }));
            return () => Request(HttpMethod.Delete, $"/api/documents/{d.Id}/blocks/{d.Blocks[1].Id}/positions/ESP");
        }, Forbidden, NoContent, Forbidden, Forbidden),
        ["GET block positions"] = new(async f =>
        {
            var d = await OpenAsync(f);
            return Get($"/api/documents/{d.Id}/blocks/{d.Blocks[1].Id}/positions");
        }, Ok, Ok, Ok, Ok),
        ["PUT amendment position (own)"] = new(async f =>
        {
            var (d, a) = await AmendmentAsync(f, "MEX");
            return () => Request(HttpMethod.Put, $"/api/documents/{d.Id}/amendments/{a.Id}/positions/ESP", JsonBody(new { stance = "oppose" }));
        }, Forbidden, Ok, Forbidden, Forbidden),
        ["PUT bracket position (own)"] = new(async f =>
        {
            var d = await OpenAsync(f);
            return () => Request(HttpMethod.Put, $"/api/documents/{d.Id}/blocks/{d.Blocks[1].Id}/brackets/0/positions/ESP", JsonBody(new { stance = "retain", alternative = 0 }));
        }, Forbidden, Ok, Forbidden, Forbidden),
        ["POST agree"] = new(async f =>
        {
            var d = await OpenAsync(f);
            return Post($"/api/documents/{d.Id}/blocks/{d.Blocks[2].Id}/agree");
        }, Forbidden, Forbidden, Forbidden, Ok, Presiding: true),
        ["POST reopen"] = new(async f =>
        {
            var d = await OpenAsync(f);
            await f.ChairClient().PostAsync($"/api/documents/{d.Id}/blocks/{d.Blocks[2].Id}/agree", null);
            return Post($"/api/documents/{d.Id}/blocks/{d.Blocks[2].Id}/reopen");
        }, Forbidden, Forbidden, Forbidden, Ok, Presiding: true),
        ["POST resolve bracket"] = new(async f =>
        {
            var d = await OpenAsync(f);
            return Post($"/api/documents/{d.Id}/blocks/{d.Blocks[1].Id}/brackets/0/resolve", new { action = "keep", alternative = 0, expectedVersion = 1 });
        }, Forbidden, Forbidden, Forbidden, Ok, Presiding: true),
        ["GET consensus"] = new(async f => Get($"/api/documents/{(await OpenAsync(f)).Id}/consensus"), Ok, Ok, Ok, Ok),
        ["POST silence"] = new(async f => Post($"/api/documents/{(await OpenAsync(f)).Id}/silence",
            new { deadline = f.Clock.GetUtcNow().AddDays(4) }), Forbidden, Forbidden, Forbidden, Created),
        ["POST break silence"] = new(async f =>
        {
            var d = await OpenAsync(f);
            var procedure = await (await f.ChairClient().PostAsync($"/api/documents/{d.Id}/silence", JsonBody(new { deadline = f.Clock.GetUtcNow().AddDays(4) })))
                .ReadAsync<Features.Consensus.SilenceResponse>();
            return Post($"/api/documents/{d.Id}/silence/{procedure.Id}/break", new { statement = "We object." });
        }, Forbidden, Ok, Conflict, Forbidden, Inside: Ok),
        ["GET silence"] = new(async f => Get($"/api/documents/{(await OpenAsync(f)).Id}/silence"), Ok, Ok, Ok, Ok),
        ["POST adopt"] = new(async f =>
        {
            var d = await OpenAsync(f, new { kind = "heading", label = "I.", level = 1, text = "Preamble" }, new { kind = "paragraph", label = "1", text = "Agreed." });
            await f.ChairClient().PostAsync($"/api/documents/{d.Id}/blocks/{d.Blocks[1].Id}/agree", null);
            return Post($"/api/documents/{d.Id}/adopt");
        }, Forbidden, Forbidden, Forbidden, Ok),
        ["GET adoption"] = new(async f =>
        {
            var d = await OpenAsync(f, new { kind = "heading", label = "I.", level = 1, text = "Preamble" }, new { kind = "paragraph", label = "1", text = "Agreed." });
            await f.ChairClient().PostAsync($"/api/documents/{d.Id}/blocks/{d.Blocks[1].Id}/agree", null);
            await f.ChairClient().PostAsync($"/api/documents/{d.Id}/adopt", null);
            return Get($"/api/documents/{d.Id}/adoption");
        }, Ok, Ok, Ok, Ok),
        ["POST explanation"] = new(async f => Post($"/api/documents/{(await OpenAsync(f)).Id}/explanations", new { text = "Our explanation." }),
            Forbidden, Created, Created, Forbidden),
        ["POST revision"] = new(async f => Post($"/api/documents/{(await OpenAsync(f)).Id}/revisions", new { renumber = false }),
            Forbidden, Forbidden, Forbidden, Created),
        ["GET revisions"] = new(async f => Get($"/api/documents/{(await OpenAsync(f)).Id}/revisions"), Ok, Ok, Ok, Ok),
        ["GET revision text"] = new(async f => Get($"/api/documents/{(await OpenAsync(f)).Id}/revisions/0/text"), Ok, Ok, Ok, Ok),
        ["GET diff"] = new(async f => Get($"/api/documents/{(await OpenAsync(f)).Id}/diff?from=0&to=current"), Ok, Ok, Ok, Ok),
        ["PUT document deadline"] = new(async f =>
        {
            var d = await OpenAsync(f);
            return () => Request(HttpMethod.Put, $"/api/documents/{d.Id}/deadline", JsonBody(new { due = f.Clock.GetUtcNow().AddDays(1) }));
        }, Forbidden, Forbidden, Forbidden, Ok),
        ["PUT section deadline"] = new(async f =>
        {
            var d = await OpenAsync(f);
            return () => Request(HttpMethod.Put, $"/api/documents/{d.Id}/sections/{d.Blocks[0].Id}/deadline", JsonBody(new { lateAmendments = true }));
        }, Forbidden, Forbidden, Forbidden, Ok, Presiding: true),
        ["DELETE document deadline"] = new(async f =>
        {
            var d = await OpenAsync(f);
            await f.ChairClient().PutAsync($"/api/documents/{d.Id}/deadline", JsonBody(new { due = f.Clock.GetUtcNow().AddDays(1) }));
            return () => Request(HttpMethod.Delete, $"/api/documents/{d.Id}/deadline");
        }, Forbidden, Forbidden, Forbidden, NoContent),
        ["DELETE section deadline"] = new(async f =>
        {
            var d = await OpenAsync(f);
            await f.ChairClient().PutAsync($"/api/documents/{d.Id}/sections/{d.Blocks[0].Id}/deadline", JsonBody(new { due = f.Clock.GetUtcNow().AddDays(1) }));
            return () => Request(HttpMethod.Delete, $"/api/documents/{d.Id}/sections/{d.Blocks[0].Id}/deadline");
        }, Forbidden, Forbidden, Forbidden, NoContent, Presiding: true),
        ["GET deadlines"] = new(async f => Get($"/api/documents/{(await OpenAsync(f)).Id}/deadlines"), Ok, Ok, Ok, Ok),
        ["POST oral amendment"] = new(async f =>
        {
            var d = await OpenAsync(f);
            return Post($"/api/documents/{d.Id}/amendments/oral",
                new { delegation = "ESP", kind = "replace", blockId = d.Blocks[1].Id, baseVersion = 1, quote = "cooperate", text = "act" });
        }, Forbidden, Forbidden, Forbidden, Created, Presiding: true),
        ["GET decision list"] = new(async f => Get($"/api/documents/{(await AmendmentAsync(f)).Document.Id}/decision-list"), Ok, Ok, Ok, Ok),
        ["PUT handling"] = new(async f =>
        {
            var (d, a) = await AmendmentAsync(f);
            return () => Request(HttpMethod.Put, $"/api/documents/{d.Id}/amendments/{a.Id}/handling", JsonBody(new { handling = "accept" }));
        }, Forbidden, Forbidden, Forbidden, Ok, Presiding: true),
        ["POST accept handling (own amendment)"] = new(async f =>
        {
            var (d, a) = await AmendmentAsync(f);
            await f.ChairClient().PutAsync($"/api/documents/{d.Id}/amendments/{a.Id}/handling", JsonBody(new { handling = "bracket" }));
            return Post($"/api/documents/{d.Id}/amendments/{a.Id}/handling/accept");
        }, Forbidden, Ok, Forbidden, Forbidden),
        ["POST contest handling (own amendment)"] = new(async f =>
        {
            var (d, a) = await AmendmentAsync(f);
            await f.ChairClient().PutAsync($"/api/documents/{d.Id}/amendments/{a.Id}/handling", JsonBody(new { handling = "reject" }));
            return Post($"/api/documents/{d.Id}/amendments/{a.Id}/handling/contest", new { statement = "We disagree." });
        }, Forbidden, Ok, Forbidden, Forbidden),
        ["GET on the table"] = new(async f => Get($"/api/documents/{(await OpenAsync(f)).Id}/on-the-table"), Ok, Ok, Ok, Ok),
        ["PUT on the table"] = new(async f =>
        {
            var d = await OpenAsync(f);
            return () => Request(HttpMethod.Put, $"/api/documents/{d.Id}/on-the-table", JsonBody(new { blockId = d.Blocks[1].Id }));
        }, Forbidden, Forbidden, Forbidden, Ok, Presiding: true),
        ["GET clusters"] = new(async f => Get($"/api/documents/{(await OpenAsync(f)).Id}/clusters"), Ok, Ok, Ok, Ok),
        ["GET cluster"] = new(async f =>
        {
            var d = await OpenAsync(f);
            return Get($"/api/documents/{d.Id}/clusters/{(await ClustersAsync(f, d))[0].Id}");
        }, Ok, Ok, Ok, Ok),
        ["POST cluster"] = new(async f =>
        {
            var d = await OpenAsync(f, [.. DefaultBlocks, new { kind = "heading", label = "III.", level = 1, text = "Dialogue" }]);
            return Post($"/api/documents/{d.Id}/clusters", new { name = "III", sections = new[] { d.Blocks[5].Id }, facilitators = new[] { "BRA" } });
        }, Forbidden, Forbidden, Forbidden, Created),
        ["PUT cluster"] = new(async f =>
        {
            var d = await OpenAsync(f);
            var cluster = (await ClustersAsync(f, d))[0];
            return () => Request(HttpMethod.Put, $"/api/documents/{d.Id}/clusters/{cluster.Id}",
                JsonBody(new { name = "I", sections = new[] { d.Blocks[0].Id }, facilitators = new[] { InsideFacilitator, "BRA" }, expectedVersion = 1 }));
        }, Forbidden, Forbidden, Forbidden, Ok),
        ["DELETE cluster"] = new(async f =>
        {
            var d = await OpenAsync(f);
            var cluster = (await ClustersAsync(f, d))[0];
            return () => Request(HttpMethod.Delete, $"/api/documents/{d.Id}/clusters/{cluster.Id}?expectedVersion=1");
        }, Forbidden, Forbidden, Forbidden, NoContent),
        ["POST webhook"] = new(async f => Post("/api/webhooks", new { url = "https://93.184.216.34/hook", eventTypes = new[] { "documentAdopted" } }),
            Forbidden, Created, Created, Created),
        ["GET webhooks"] = new(async f => Get("/api/webhooks"), Forbidden, Ok, Ok, Ok),
        ["GET webhook (own)"] = new(async f => Get($"/api/webhooks/{await WebhookAsync(f)}"), Forbidden, Ok, Forbidden, Ok),
        ["GET webhook deliveries (own)"] = new(async f => Get($"/api/webhooks/{await WebhookAsync(f)}/deliveries"), Forbidden, Ok, Forbidden, Ok),
        ["POST pause webhook (own)"] = new(async f => Post($"/api/webhooks/{await WebhookAsync(f)}/pause"), Forbidden, Ok, Forbidden, Conflict),
        ["POST resume webhook (own)"] = new(async f =>
        {
            var id = await WebhookAsync(f);
            await (await f.ChairClient().PostAsync($"/api/webhooks/{id}/pause", null)).AssertSuccessAsync();
            return Post($"/api/webhooks/{id}/resume");
        }, Forbidden, Ok, Forbidden, Conflict),
        ["POST rotate webhook secret (own)"] = new(async f => Post($"/api/webhooks/{await WebhookAsync(f)}/rotate-secret"), Forbidden, Ok, Forbidden, Ok),
        ["POST replay webhook (own)"] = new(async f =>
        {
            var d = await OpenAsync(f);
            return Post($"/api/webhooks/{await WebhookAsync(f)}/replay", new { documentId = d.Id, fromSequence = 1 });
        }, Forbidden, Ok, Forbidden, Ok),
        ["DELETE webhook (own)"] = new(async f =>
        {
            var id = await WebhookAsync(f);
            return () => Request(HttpMethod.Delete, $"/api/webhooks/{id}");
        }, Forbidden, NoContent, NotFound, NotFound, Inside: Forbidden, Outside: NotFound),
        ["POST sub-amendment"] = new(async f =>
        {
            var (d, a) = await AmendmentAsync(f);
            return Post($"/api/documents/{d.Id}/amendments/{a.Id}/sub-amendments", new { kind = "replace", quote = "act", text = "work together" });
        }, Forbidden, Created, Created, Created),
    };

    public static TheoryData<string> Endpoints => new(Rows.Keys);

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Each_caller_gets_exactly_the_expected_status_and_refusals_write_nothing(string endpoint)
    {
        var row = Rows[endpoint];
        await factory.EnsureDelegationAsync("SEC", "secretariat");
        var request = await row.Arrange(factory);
        var callers = new (string Who, HttpClient Client, int Expected)[]
        {
            ("anonymous", factory.CreateClient(), Unauthorized),
            ("a bad key", factory.ClientWithKey("oewg_not-a-key-anyone-was-given"), Unauthorized),
            ("an observer", await factory.ClientForAsync("ICRC"), row.Observer),
            ("the secretariat", await factory.ClientForAsync("SEC"), row.SecretariatStatus),
            ("a delegation", await factory.ClientForAsync("ESP"), row.Delegation),
            ("another delegation", await factory.ClientForAsync("FRA"), row.OtherDelegation),
            ("the facilitator of another cluster", await factory.ClientForAsync(OutsideFacilitator), row.OutsideStatus),
        };
        foreach (var (who, client, expected) in callers)
        {
            var before = await StateAsync();
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

            if (expected >= 400 || request().Method == HttpMethod.Get)
            {
                // A refused request, and any read, changes nothing.
                Assert.Equal(before, await StateAsync());
            }
        }

        var chair = await factory.ChairClient().SendAsync(request());
        Assert.True(row.Chair == (int)chair.StatusCode, $"{endpoint} by the chair: {(int)chair.StatusCode} {await chair.Content.ReadAsStringAsync()}");

        // The facilitator of the cluster the row acts in, on a fresh arrangement: where it presides it does what the chair does.
        var fresh = await row.Arrange(factory);
        var state = await StateAsync();
        var inside = await (await factory.ClientForAsync(InsideFacilitator)).SendAsync(fresh());
        Assert.True(row.InsideStatus == (int)inside.StatusCode,
            $"{endpoint} by the facilitator of its cluster: expected {row.InsideStatus}, got {(int)inside.StatusCode} {await inside.Content.ReadAsStringAsync()}");
        if (row.InsideStatus >= 400)
        {
            await inside.AssertProblemAsync((HttpStatusCode)row.InsideStatus);
            Assert.Equal(state, await StateAsync());
        }
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
