using System.Net;
using System.Text.Json.Nodes;
using OewgDrafting.Api.Features.Amendments;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Features.Events;
using OewgDrafting.Api.Tests.Infrastructure;
using OewgDrafting.Domain.Amendments;
using OewgDrafting.Domain.Documents;
using static OewgDrafting.Api.Tests.Infrastructure.HttpExtensions;

namespace OewgDrafting.Api.Tests.Amendments;

public class AmendmentTests(DraftingApiFactory factory) : IClassFixture<DraftingApiFactory>
{
    private readonly HttpClient _chair = factory.ChairClient();

    private static string Url(Guid documentId, Guid? amendmentId = null, string? action = null) =>
        $"/api/documents/{documentId}/amendments" + (amendmentId is null ? "" : $"/{amendmentId}") + (action is null ? "" : $"/{action}");

    private async Task<DocumentResponse> GetAsync(Guid id) => await (await _chair.GetAsync($"/api/documents/{id}")).ReadAsync<DocumentResponse>();

    private async Task<List<string>> EventTypesAsync(Guid id) =>
        (await (await _chair.GetAsync($"/api/documents/{id}/events?limit=1000")).ReadAsync<EventPage>()).Events.Select(e => e.Type).ToList();

    [Fact]
    public async Task Amendments_are_accepted_only_once_the_chair_opens_the_negotiation()
    {
        var draft = await factory.CreateDraftAsync();
        var esp = await factory.ClientForAsync("ESP");
        var body = new { kind = "replace", blockId = draft.Blocks[1].Id, baseVersion = 1, quote = "cooperate", text = "work together" };

        var refused = await (await esp.PostAsync(Url(draft.Id), JsonBody(body))).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("draft", refused["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await (await esp.PostAsync($"/api/documents/{draft.Id}/open", null)).AssertProblemAsync(HttpStatusCode.Forbidden);

        Assert.Equal(HttpStatusCode.OK, (await _chair.PostAsync($"/api/documents/{draft.Id}/open", null)).StatusCode);
        var opened = await GetAsync(draft.Id);
        Assert.Equal(DocumentStatus.Negotiation, opened.Status);
        Assert.All(opened.Blocks, b => Assert.Equal(BlockStatus.Open, b.Status));
        await (await _chair.PostAsync($"/api/documents/{draft.Id}/open", null)).AssertProblemAsync(HttpStatusCode.Conflict);

        var amendment = await esp.ProposeAsync(draft.Id, body);
        Assert.Equal(AmendmentStatus.Proposed, amendment.Status);
        Assert.Contains("documentOpened", await EventTypesAsync(draft.Id));
    }

    [Fact]
    public async Task Every_kind_is_proposed_with_a_preview_of_the_paragraph_as_it_would_read()
    {
        var doc = await factory.CreateOpenAsync();
        var p1 = doc.Blocks[1];
        var esp = await factory.ClientForAsync("ESP");

        var insert = await esp.ProposeAsync(doc.Id, new { kind = "insert", blockId = p1.Id, baseVersion = 1, anchor = "States", placement = "after", text = " and non-State actors", justification = "Inclusiveness." });
        var delete = await esp.ProposeAsync(doc.Id, new { kind = "delete", blockId = doc.Blocks[2].Id, baseVersion = 1, quote = "Second " });
        var replace = await esp.ProposeAsync(doc.Id, new { kind = "replace", blockId = p1.Id, baseVersion = 1, quote = "cooperate", text = "work together", cosponsors = new[] { "FRA", "MEX" } });
        var add = await esp.ProposeAsync(doc.Id, new { kind = "addParagraph", afterBlockId = p1.Id, text = "New paragraph." });
        var deleteParagraph = await esp.ProposeAsync(doc.Id, new { kind = "deleteParagraph", blockId = doc.Blocks[2].Id, baseVersion = 1 });
        var replaceParagraph = await esp.ProposeAsync(doc.Id, new { kind = "replaceParagraph", blockId = doc.Blocks[2].Id, baseVersion = 1, text = "Replacement." });

        Assert.Equal("States and non-State actors [shall / should] cooperate.", insert.Preview!.Text);
        Assert.Equal("Inclusiveness.", insert.Justification);
        Assert.Equal("paragraph.", delete.Preview!.Text);
        Assert.Equal("States [shall / should] work together.", replace.Preview!.Text);
        Assert.Equal(["FRA", "MEX"], replace.Invited);
        Assert.Empty(replace.Cosponsors);
        Assert.Equal("New paragraph.", add.Preview!.Text);
        Assert.True(deleteParagraph.Preview!.RemovesParagraph);
        Assert.Equal("Replacement.", replaceParagraph.Preview!.Text);
        Assert.All(new[] { insert, delete, replace, add, deleteParagraph, replaceParagraph }, a =>
        {
            Assert.Equal("ESP", a.Proposer);
            Assert.Equal(AmendmentStatus.Proposed, a.Status);
        });
        Assert.Equal([1, 2, 3, 4, 5, 6], new[] { insert, delete, replace, add, deleteParagraph, replaceParagraph }.Select(a => a.Number));
        Assert.Equal(6, (await EventTypesAsync(doc.Id)).Count(t => t == "amendmentProposed"));
    }

    public static TheoryData<string, HttpStatusCode, string> BadProposals => new()
    {
        { "{\"kind\": \"replace\", \"baseVersion\": 1, \"quote\": \"cooperate\", \"text\": \"x\"}", HttpStatusCode.UnprocessableEntity, "blockId" },
        { "{\"kind\": \"replace\", \"blockId\": \"{P1}\", \"quote\": \"cooperate\", \"text\": \"x\"}", HttpStatusCode.UnprocessableEntity, "baseVersion" },
        { "{\"kind\": \"replace\", \"blockId\": \"{P1}\", \"baseVersion\": 1, \"text\": \"x\"}", HttpStatusCode.UnprocessableEntity, "quote" },
        { "{\"kind\": \"replace\", \"blockId\": \"{P1}\", \"baseVersion\": 1, \"quote\": \"cooperate\"}", HttpStatusCode.UnprocessableEntity, "text" },
        { "{\"kind\": \"insert\", \"blockId\": \"{P1}\", \"baseVersion\": 1, \"anchor\": \"States\", \"text\": \"x\"}", HttpStatusCode.UnprocessableEntity, "placement" },
        { "{\"kind\": \"delete\", \"blockId\": \"{P1}\", \"baseVersion\": 1, \"quote\": \"States\", \"text\": \"x\"}", HttpStatusCode.UnprocessableEntity, "text" },
        { "{\"kind\": \"addParagraph\", \"text\": \"x\"}", HttpStatusCode.UnprocessableEntity, "afterBlockId" },
        { "{\"blockId\": \"{P1}\", \"baseVersion\": 1}", HttpStatusCode.UnprocessableEntity, "kind" },
        { "{\"kind\": \"move\", \"blockId\": \"{P1}\", \"baseVersion\": 1}", HttpStatusCode.BadRequest, "$.kind" },
        { "{\"kind\": \"replace\", \"blockId\": \"{P1}\", \"baseVersion\": 1, \"quote\": \"not there\", \"text\": \"x\"}", HttpStatusCode.UnprocessableEntity, "quote" },
        { "{\"kind\": \"replace\", \"blockId\": \"{P1}\", \"baseVersion\": 1, \"quote\": \"cooperate\", \"text\": \"[x\"}", HttpStatusCode.BadRequest, "text" },
        { "{\"kind\": \"delete\", \"blockId\": \"{P1}\", \"baseVersion\": 1, \"quote\": \"[shall\"}", HttpStatusCode.UnprocessableEntity, "quote" },
        { "{\"kind\": \"replace\", \"blockId\": \"{P1}\", \"baseVersion\": 7, \"quote\": \"cooperate\", \"text\": \"x\"}", HttpStatusCode.UnprocessableEntity, "baseVersion" },
        { "{\"kind\": \"replace\", \"blockId\": \"00000000-0000-0000-0000-000000000001\", \"baseVersion\": 1, \"quote\": \"cooperate\", \"text\": \"x\"}", HttpStatusCode.UnprocessableEntity, "blockId" },
        { "{\"kind\": \"replace\", \"blockId\": \"{P1}\", \"baseVersion\": 1, \"quote\": \"cooperate\", \"text\": \"x\", \"cosponsors\": [\"ZZZ\"]}", HttpStatusCode.UnprocessableEntity, "cosponsors" },
        { "{\"kind\": \"replace\", \"blockId\": \"{P1}\", \"baseVersion\": 1, \"quote\": \"cooperate\", \"text\": \"x\", \"cosponsors\": [\"ICRC\"]}", HttpStatusCode.UnprocessableEntity, "cosponsors" },
    };

    [Theory]
    [MemberData(nameof(BadProposals))]
    public async Task Bad_proposals_are_refused_per_field_and_write_nothing(string json, HttpStatusCode status, string field)
    {
        var doc = await factory.CreateOpenAsync();
        var esp = await factory.ClientForAsync("ESP");

        var problem = await (await esp.PostAsync(Url(doc.Id), JsonBody(json.Replace("{P1}", doc.Blocks[1].Id.ToString(), StringComparison.Ordinal))))
            .AssertProblemAsync(status);

        Assert.NotNull(problem["errors"]?[field]);
        Assert.Equal(doc.Version, (await GetAsync(doc.Id)).Version);
        Assert.Empty(await (await _chair.GetAsync(Url(doc.Id))).ReadAsync<List<AmendmentResponse>>());
    }

    [Fact]
    public async Task A_quote_that_occurs_twice_needs_an_occurrence_and_the_problem_says_how_many_times()
    {
        var doc = await factory.CreateOpenAsync(new { kind = "paragraph", label = "1", text = "States shall act and shall report." });
        var esp = await factory.ClientForAsync("ESP");

        var problem = await (await esp.PostAsync(Url(doc.Id), JsonBody(new { kind = "replace", blockId = doc.Blocks[0].Id, baseVersion = 1, quote = "shall", text = "should" })))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(2, problem["occurrences"]!.GetValue<int>());
        Assert.Contains("occurs 2 times", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        var second = await esp.ProposeAsync(doc.Id, new { kind = "replace", blockId = doc.Blocks[0].Id, baseVersion = 1, quote = "shall", text = "should", occurrence = 2 });
        Assert.Equal("States shall act and should report.", second.Preview!.Text);
        await (await _chair.PostAsync(Url(doc.Id, second.Id, "accept"), null)).ReadAsync<AmendmentResponse>();
        Assert.Equal("States shall act and should report.", (await GetAsync(doc.Id)).Blocks[0].Text);
    }

    [Fact]
    public async Task A_delegation_proposes_for_a_group_it_belongs_to_and_never_for_another()
    {
        var doc = await factory.CreateOpenAsync();
        var body = new { kind = "replace", blockId = doc.Blocks[1].Id, baseVersion = 1, quote = "cooperate", text = "work together", onBehalfOf = "EU" };

        var forEu = await (await factory.ClientForAsync("ESP")).ProposeAsync(doc.Id, body);
        Assert.Equal("EU", forEu.Proposer);
        Assert.Equal("ESP", forEu.SubmittedBy);

        await (await (await factory.ClientForAsync("MEX")).PostAsync(Url(doc.Id), JsonBody(body))).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await (await factory.ClientForAsync("MEX")).PostAsync(Url(doc.Id), JsonBody(body with { onBehalfOf = "ESP" })))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await (await factory.ClientForAsync("ICRC")).PostAsync(Url(doc.Id), JsonBody(new { kind = "replace", blockId = doc.Blocks[1].Id, baseVersion = 1, quote = "cooperate", text = "work together" })))
            .AssertProblemAsync(HttpStatusCode.Forbidden);

        // A member of the group may withdraw the group's amendment; a non-member may not.
        await (await (await factory.ClientForAsync("MEX")).PostAsync(Url(doc.Id, forEu.Id, "withdraw"), null)).AssertProblemAsync(HttpStatusCode.Forbidden);
        var withdrawn = await (await (await factory.ClientForAsync("FRA")).PostAsync(Url(doc.Id, forEu.Id, "withdraw"), null)).ReadAsync<AmendmentResponse>();
        Assert.Equal(AmendmentStatus.Withdrawn, withdrawn.Status);
    }

    [Fact]
    public async Task Co_sponsorship_is_for_other_delegations_each_for_itself()
    {
        var doc = await factory.CreateOpenAsync();
        var esp = await factory.ClientForAsync("ESP");
        var fra = await factory.ClientForAsync("FRA");
        var amendment = await esp.ProposeAsync(doc.Id, new { kind = "delete", blockId = doc.Blocks[2].Id, baseVersion = 1, quote = "Second " });

        var cosponsored = await (await fra.PostAsync(Url(doc.Id, amendment.Id, "cosponsor"), null)).ReadAsync<AmendmentResponse>();
        Assert.Equal(["FRA"], cosponsored.Cosponsors);
        await (await fra.PostAsync(Url(doc.Id, amendment.Id, "cosponsor"), null)).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await esp.PostAsync(Url(doc.Id, amendment.Id, "cosponsor"), null)).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await _chair.PostAsync(Url(doc.Id, amendment.Id, "cosponsor"), null)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await (await factory.ClientForAsync("ICRC")).PostAsync(Url(doc.Id, amendment.Id, "cosponsor"), null)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await (await factory.ClientForAsync("DEU")).PostAsync(Url(doc.Id, amendment.Id, "withdraw-cosponsorship"), null)).AssertProblemAsync(HttpStatusCode.Conflict);

        var withdrawn = await (await fra.PostAsync(Url(doc.Id, amendment.Id, "withdraw-cosponsorship"), null)).ReadAsync<AmendmentResponse>();
        Assert.Empty(withdrawn.Cosponsors);

        // Only the proposer withdraws the amendment.
        await (await fra.PostAsync(Url(doc.Id, amendment.Id, "withdraw"), null)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await _chair.PostAsync(Url(doc.Id, amendment.Id, "withdraw"), null)).AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(AmendmentStatus.Withdrawn, (await (await esp.PostAsync(Url(doc.Id, amendment.Id, "withdraw"), null)).ReadAsync<AmendmentResponse>()).Status);
        await (await esp.PostAsync(Url(doc.Id, amendment.Id, "withdraw"), null)).AssertProblemAsync(HttpStatusCode.Conflict);

        var types = await EventTypesAsync(doc.Id);
        Assert.Equal(["amendmentProposed", "amendmentCosponsored", "amendmentCosponsorshipWithdrawn", "amendmentWithdrawn"], types.Skip(2));
        var history = await (await _chair.GetAsync(Url(doc.Id, amendment.Id))).ReadAsync<AmendmentResponse>();
        Assert.Equal(["proposed", "cosponsored", "cosponsorshipWithdrawn", "withdrawn"], history.History!.Select(h => h.Action));
    }

    [Theory]
    [InlineData("replace", "accept", "States [shall / should] work together.")]
    [InlineData("replace", "bracket", "States [shall / should] [cooperate / work together].")]
    [InlineData("insert", "accept", "States and non-State actors [shall / should] cooperate.")]
    [InlineData("insert", "bracket", "States [and non-State actors] [shall / should] cooperate.")]
    [InlineData("delete", "accept", "States cooperate.")]
    [InlineData("delete", "bracket", "States [[shall / should]] cooperate.")]
    [InlineData("replaceParagraph", "accept", "All States cooperate.")]
    [InlineData("replaceParagraph", "bracket", "[States [shall / should] cooperate. / All States cooperate.]")]
    [InlineData("deleteParagraph", "bracket", "[States [shall / should] cooperate.]")]
    public async Task The_chair_accepts_or_brackets_each_kind_in_one_transaction_with_its_event(string kind, string decision, string expected)
    {
        var doc = await factory.CreateOpenAsync();
        var p1 = doc.Blocks[1];
        object body = kind switch
        {
            "replace" => new { kind, blockId = p1.Id, baseVersion = 1, quote = "cooperate", text = "work together" },
            "insert" => new { kind, blockId = p1.Id, baseVersion = 1, anchor = "States", placement = "after", text = " and non-State actors" },
            "delete" => new { kind, blockId = p1.Id, baseVersion = 1, quote = " [shall / should]" },
            "replaceParagraph" => new { kind, blockId = p1.Id, baseVersion = 1, text = "All States cooperate." },
            _ => new { kind, blockId = p1.Id, baseVersion = 1 },
        };
        var amendment = await (await factory.ClientForAsync("ESP")).ProposeAsync(doc.Id, body);

        var decided = await (await _chair.PostAsync(Url(doc.Id, amendment.Id, decision), null)).ReadAsync<AmendmentResponse>();

        Assert.Equal(decision == "accept" ? AmendmentStatus.Accepted : AmendmentStatus.Bracketed, decided.Status);
        Assert.Equal("CHAIR", decided.DecidedBy);
        var block = Assert.Single((await GetAsync(doc.Id)).Blocks, b => b.Id == p1.Id);
        Assert.Equal(expected, block.Text);
        Assert.Equal(2, block.Version);
        var events = (await (await _chair.GetAsync($"/api/documents/{doc.Id}/events")).ReadAsync<EventPage>()).Events;
        var last = events[^1];
        Assert.Equal(decision == "accept" ? "amendmentAccepted" : "amendmentBracketed", last.Type);
        Assert.Equal(expected, last.Data.GetProperty("after").GetProperty("text").GetString());
        Assert.Equal("ESP", last.Data.GetProperty("proposer").GetString());
        await (await _chair.PostAsync(Url(doc.Id, amendment.Id, "accept"), null)).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Accepting_a_paragraph_deletion_removes_it_and_supersedes_what_targeted_it()
    {
        var doc = await factory.CreateOpenAsync();
        var p2 = doc.Blocks[2];
        var esp = await factory.ClientForAsync("ESP");
        var deletion = await esp.ProposeAsync(doc.Id, new { kind = "deleteParagraph", blockId = p2.Id, baseVersion = 1 });
        var orphan = await (await factory.ClientForAsync("FRA")).ProposeAsync(doc.Id, new { kind = "replace", blockId = p2.Id, baseVersion = 1, quote = "Second", text = "2nd" });

        await (await _chair.PostAsync(Url(doc.Id, deletion.Id, "accept"), null)).ReadAsync<AmendmentResponse>();

        Assert.DoesNotContain((await GetAsync(doc.Id)).Blocks, b => b.Id == p2.Id);
        var superseded = await (await _chair.GetAsync(Url(doc.Id, orphan.Id))).ReadAsync<AmendmentResponse>();
        Assert.Equal(AmendmentStatus.Superseded, superseded.Status);
    }

    [Fact]
    public async Task New_paragraphs_take_negotiation_labels_bis_ter_quater_in_order()
    {
        var doc = await factory.CreateOpenAsync();
        var p1 = doc.Blocks[1];
        var esp = await factory.ClientForAsync("ESP");
        var labels = new List<string?>();
        for (var i = 0; i < 3; i++)
        {
            var added = await esp.ProposeAsync(doc.Id, new { kind = "addParagraph", afterBlockId = p1.Id, text = $"Inserted {i}." });
            var accepted = await (await _chair.PostAsync(Url(doc.Id, added.Id, i == 2 ? "bracket" : "accept"), null)).ReadAsync<AmendmentResponse>();
            Assert.NotNull(accepted.ResultBlockId);
            labels.Add((await GetAsync(doc.Id)).Blocks.Single(b => b.Id == accepted.ResultBlockId).Label);
        }

        Assert.Equal(["1 bis", "1 ter", "1 quater"], labels);
        var after = await GetAsync(doc.Id);
        Assert.Equal(["I.", "1", "1 bis", "1 ter", "1 quater", "2"], after.Blocks.Select(b => b.Label));
        Assert.Equal("[Inserted 2.]", after.Blocks[4].Text);
        Assert.Equal(BlockStatus.Open, after.Blocks[4].Status);
    }

    [Fact]
    public async Task A_stale_amendment_re_anchors_when_its_quote_is_still_unambiguous_and_is_a_conflict_otherwise()
    {
        var doc = await factory.CreateOpenAsync(new { kind = "paragraph", label = "1", text = "States shall cooperate in good faith and report annually." });
        var p1 = doc.Blocks[0];
        var esp = await factory.ClientForAsync("ESP");
        var stillThere = await esp.ProposeAsync(doc.Id, new { kind = "replace", blockId = p1.Id, baseVersion = 1, quote = "annually", text = "every two years" });
        var goneAway = await esp.ProposeAsync(doc.Id, new { kind = "delete", blockId = p1.Id, baseVersion = 1, quote = " in good faith" });

        // The chair edits the paragraph: the second amendment's words disappear.
        await _chair.PutAsync($"/api/documents/{doc.Id}/blocks/{p1.Id}", JsonBody(new { text = "Member States shall cooperate fully and report annually.", expectedVersion = 1 }));

        var preview = await (await _chair.GetAsync(Url(doc.Id, goneAway.Id))).ReadAsync<AmendmentResponse>();
        Assert.NotNull(preview.Preview!.Conflict);

        var reanchored = await (await _chair.PostAsync(Url(doc.Id, stillThere.Id, "accept"), null)).ReadAsync<AmendmentResponse>();
        Assert.Equal(AmendmentStatus.Accepted, reanchored.Status);
        Assert.Equal("Member States shall cooperate fully and report every two years.", (await GetAsync(doc.Id)).Blocks[0].Text);

        var conflict = await (await _chair.PostAsync(Url(doc.Id, goneAway.Id, "accept"), null)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("no longer in it", conflict["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await (await _chair.PostAsync(Url(doc.Id, goneAway.Id, "bracket"), null)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("Member States shall cooperate fully and report every two years.", (await GetAsync(doc.Id)).Blocks[0].Text);

        await (await _chair.PostAsync(Url(doc.Id, stillThere.Id, "supersede"), null)).AssertProblemAsync(HttpStatusCode.Conflict);
        var superseded = await (await _chair.PostAsync(Url(doc.Id, goneAway.Id, "supersede"), null)).ReadAsync<AmendmentResponse>();
        Assert.Equal(AmendmentStatus.Superseded, superseded.Status);
        Assert.Contains("amendmentSuperseded", await EventTypesAsync(doc.Id));
    }

    [Fact]
    public async Task An_amendment_written_against_an_older_version_is_checked_against_that_version()
    {
        var doc = await factory.CreateOpenAsync(new { kind = "paragraph", label = "1", text = "States shall cooperate." });
        var p1 = doc.Blocks[0];
        await _chair.PutAsync($"/api/documents/{doc.Id}/blocks/{p1.Id}", JsonBody(new { text = "States shall cooperate closely.", expectedVersion = 1 }));
        var esp = await factory.ClientForAsync("ESP");

        var late = await esp.ProposeAsync(doc.Id, new { kind = "replace", blockId = p1.Id, baseVersion = 1, quote = "cooperate.", text = "act." });
        Assert.NotNull(late.Preview!.Conflict);
        await (await esp.PostAsync(Url(doc.Id), JsonBody(new { kind = "delete", blockId = p1.Id, baseVersion = 1, quote = "closely" })))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity);

        var whole = await esp.ProposeAsync(doc.Id, new { kind = "replaceParagraph", blockId = p1.Id, baseVersion = 1, text = "Replaced." });
        await (await _chair.PostAsync(Url(doc.Id, whole.Id, "accept"), null)).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Rejecting_records_the_reason()
    {
        var doc = await factory.CreateOpenAsync();
        var amendment = await (await factory.ClientForAsync("ESP")).ProposeAsync(doc.Id, new { kind = "delete", blockId = doc.Blocks[2].Id, baseVersion = 1, quote = "Second " });

        await (await (await factory.ClientForAsync("ESP")).PostAsync(Url(doc.Id, amendment.Id, "reject"), null)).AssertProblemAsync(HttpStatusCode.Forbidden);
        var rejected = await (await _chair.PostAsync(Url(doc.Id, amendment.Id, "reject"), JsonBody(new { reason = "No support in the room." }))).ReadAsync<AmendmentResponse>();

        Assert.Equal(AmendmentStatus.Rejected, rejected.Status);
        Assert.Equal("No support in the room.", rejected.Reason);
        Assert.Equal("Second paragraph.", (await GetAsync(doc.Id)).Blocks[2].Text);
        var plain = await (await _chair.PostAsync(Url(doc.Id, (await (await factory.ClientForAsync("FRA")).ProposeAsync(doc.Id,
            new { kind = "deleteParagraph", blockId = doc.Blocks[2].Id, baseVersion = 1 })).Id, "reject"), null)).ReadAsync<AmendmentResponse>();
        Assert.Null(plain.Reason);
    }

    [Fact]
    public async Task Overlapping_amendments_collide_both_see_it_and_the_chair_merges_them_into_a_compromise()
    {
        var doc = await factory.CreateOpenAsync(new { kind = "paragraph", label = "1", text = "States shall take all necessary measures to protect critical infrastructure." });
        var p1 = doc.Blocks[0];
        var esp = await factory.ClientForAsync("ESP");
        var bra = await factory.ClientForAsync("BRA");
        var a = await esp.ProposeAsync(doc.Id, new { kind = "replace", blockId = p1.Id, baseVersion = 1, quote = "all necessary measures", text = "appropriate measures" });
        var b = await bra.ProposeAsync(doc.Id, new { kind = "delete", blockId = p1.Id, baseVersion = 1, quote = " necessary" });
        var apart = await bra.ProposeAsync(doc.Id, new { kind = "replace", blockId = p1.Id, baseVersion = 1, quote = "critical", text = "essential" });

        Assert.Equal([a.Id], b.CollidesWith);
        Assert.Empty(apart.CollidesWith);
        Assert.Equal([b.Id], (await (await esp.GetAsync(Url(doc.Id, a.Id))).ReadAsync<AmendmentResponse>()).CollidesWith);
        var collisions = await (await esp.GetAsync($"/api/documents/{doc.Id}/collisions")).ReadAsync<List<CollisionResponse>>();
        var onP1 = Assert.Single(collisions);
        Assert.Equal("1", onP1.Label);
        Assert.Equal([a.Id, b.Id], onP1.Amendments.Select(x => x.Id));

        var response = await _chair.PostAsync(Url(doc.Id) + "/merge", JsonBody(new
        {
            amendmentIds = new[] { a.Id, b.Id },
            kind = "replace", blockId = p1.Id, baseVersion = 1, quote = "all necessary measures", text = "appropriate and necessary measures",
        }));
        var compromise = await response.ReadAsync<AmendmentResponse>();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("CHAIR", compromise.Proposer);
        Assert.Empty(compromise.CollidesWith);
        foreach (var merged in new[] { a, b })
        {
            var now = await (await _chair.GetAsync(Url(doc.Id, merged.Id))).ReadAsync<AmendmentResponse>();
            Assert.Equal(AmendmentStatus.Merged, now.Status);
            Assert.Equal(compromise.Id, now.MergedInto);
        }

        Assert.Empty(await (await esp.GetAsync($"/api/documents/{doc.Id}/collisions")).ReadAsync<List<CollisionResponse>>());
        await (await _chair.PostAsync(Url(doc.Id) + "/merge", JsonBody(new { amendmentIds = new[] { a.Id, apart.Id }, kind = "deleteParagraph", blockId = p1.Id, baseVersion = 1 })))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        await (await _chair.PostAsync(Url(doc.Id) + "/merge", JsonBody(new { amendmentIds = new[] { apart.Id }, kind = "deleteParagraph", blockId = p1.Id, baseVersion = 1 })))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("amendmentsMerged", (await EventTypesAsync(doc.Id))[^1]);
    }

    [Fact]
    public async Task Amendments_are_listed_by_status_paragraph_and_delegation()
    {
        var doc = await factory.CreateOpenAsync();
        var esp = await factory.ClientForAsync("ESP");
        var fra = await factory.ClientForAsync("FRA");
        var one = await esp.ProposeAsync(doc.Id, new { kind = "replace", blockId = doc.Blocks[1].Id, baseVersion = 1, quote = "cooperate", text = "act", cosponsors = new[] { "MEX" } });
        var two = await fra.ProposeAsync(doc.Id, new { kind = "delete", blockId = doc.Blocks[2].Id, baseVersion = 1, quote = "Second " });
        await _chair.PostAsync(Url(doc.Id, two.Id, "reject"), null);

        async Task<List<Guid>> Ids(string query) => (await (await esp.GetAsync(Url(doc.Id) + query)).ReadAsync<List<AmendmentResponse>>()).Select(a => a.Id).ToList();

        Assert.Equal([one.Id, two.Id], await Ids(""));
        Assert.Equal([one.Id], await Ids("?status=proposed"));
        Assert.Equal([two.Id], await Ids("?status=rejected"));
        Assert.Equal([two.Id], await Ids($"?blockId={doc.Blocks[2].Id}"));
        Assert.Equal([one.Id], await Ids("?delegation=MEX"));
        Assert.Equal([two.Id], await Ids("?delegation=fra"));
        await (await esp.GetAsync(Url(doc.Id) + "?status=pending")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await esp.GetAsync(Url(Guid.NewGuid()))).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await esp.GetAsync(Url(doc.Id, Guid.NewGuid()))).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_compilation_shows_every_pending_amendment_at_its_place_attributed_in_all_four_formats()
    {
        var doc = await factory.CreateOpenAsync(
            new { kind = "paragraph", label = "1", text = "States shall cooperate in good faith." },
            new { kind = "paragraph", label = "2", text = "Second paragraph." });
        var p1 = doc.Blocks[0];
        var esp = await factory.ClientForAsync("ESP");
        var replace = await esp.ProposeAsync(doc.Id, new { kind = "replace", blockId = p1.Id, baseVersion = 1, quote = "shall", text = "should", cosponsors = new[] { "MEX" } });
        await (await factory.ClientForAsync("MEX")).PostAsync(Url(doc.Id, replace.Id, "cosponsor"), null);
        await (await factory.ClientForAsync("BRA")).PostAsync(Url(doc.Id, replace.Id, "cosponsor"), null);
        await (await factory.ClientForAsync("FRA")).ProposeAsync(doc.Id, new { kind = "delete", blockId = p1.Id, baseVersion = 1, quote = " in good faith" });
        await (await factory.ClientForAsync("DEU")).ProposeAsync(doc.Id, new { kind = "replace", blockId = p1.Id, baseVersion = 1, quote = "shall cooperate", text = "will work" });
        await esp.ProposeAsync(doc.Id, new { kind = "addParagraph", afterBlockId = p1.Id, text = "New text." });
        await (await factory.ClientForAsync("SGP")).ProposeAsync(doc.Id, new { kind = "deleteParagraph", blockId = doc.Blocks[1].Id, baseVersion = 1 });

        var markdown = await _chair.GetStringAsync($"/api/documents/{doc.Id}/text?view=compilation&format=markdown");
        Assert.Contains("1. States [shall / should] (A1: ESP + MEX, BRA) cooperate [in good faith] (A2: FRA delete).", markdown, StringComparison.Ordinal);
        Assert.Contains("> (A3: DEU) replace \"shall cooperate\" with \"will work\" — collides with A1", markdown, StringComparison.Ordinal);
        Assert.Contains("1 bis. [New text.] (A4: ESP; new paragraph)", markdown, StringComparison.Ordinal);
        Assert.Contains("2. Second paragraph.\n> (A5: SGP) delete the paragraph", markdown, StringComparison.Ordinal);

        var plain = await _chair.GetStringAsync($"/api/documents/{doc.Id}/text?view=compilation&format=plain");
        Assert.Contains("[shall / should] (A1: ESP + MEX, BRA)", plain, StringComparison.Ordinal);

        var html = await _chair.GetStringAsync($"/api/documents/{doc.Id}/text?view=compilation&format=html");
        Assert.Contains("<del data-amendment=\"" + replace.Id + "\" data-number=\"1\" data-kind=\"replace\" data-proposer=\"ESP\" data-cosponsors=\"MEX BRA\"", html, StringComparison.Ordinal);
        Assert.Contains(">shall</del><ins data-amendment=\"" + replace.Id, html, StringComparison.Ordinal);
        Assert.Contains(">should</ins> <span class=\"attribution\">(A1: ESP + MEX, BRA)</span>", html, StringComparison.Ordinal);
        Assert.Contains("<p class=\"paragraph proposed\"", html, StringComparison.Ordinal);

        var json = JsonNode.Parse(await _chair.GetStringAsync($"/api/documents/{doc.Id}/text?view=compilation"))!;
        Assert.Equal("compilation", json["view"]!.GetValue<string>());
        var first = json["items"]![0]!;
        Assert.Equal(["text", "change", "text", "change", "text"], first["pieces"]!.AsArray().Select(p => p!["type"]!.GetValue<string>()));
        var a1 = first["amendments"]!.AsArray().First(a => a!["number"]!.GetValue<int>() == 1)!;
        Assert.Equal(["MEX", "BRA"], a1["cosponsors"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Single(a1["collidesWith"]!.AsArray());
        Assert.Equal("proposedParagraph", json["items"]![1]!["type"]!.GetValue<string>());
        Assert.Equal("1 bis", json["items"]![1]!["label"]!.GetValue<string>());
        Assert.Equal("wholeParagraph", json["items"]![2]!["notes"]![0]!["kind"]!.GetValue<string>());

        // The clean text is untouched by pending amendments.
        Assert.Contains("1. States shall cooperate in good faith.", await _chair.GetStringAsync($"/api/documents/{doc.Id}/text?format=markdown"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_seed_annex_placeholder_is_replaced_by_an_accepted_amendment()
    {
        var demo = (await (await _chair.GetAsync("/api/documents")).ReadAsync<List<DocumentSummary>>()).First(d => d.Symbol == "A/AC.292/2025/L.1");
        var document = await GetAsync(demo.Id);
        if (document.Status == DocumentStatus.Draft)
        {
            await _chair.PostAsync($"/api/documents/{demo.Id}/open", null);
        }

        var placeholder = (await GetAsync(demo.Id)).Blocks[^1];
        var amendment = await (await factory.ClientForAsync("SGP")).ProposeAsync(demo.Id, new
        {
            kind = "replaceParagraph", blockId = placeholder.Id, baseVersion = placeholder.Version,
            text = "El grupo de trabajo examinó el tema 5 del programa.",
        });
        await (await _chair.PostAsync(Url(demo.Id, amendment.Id, "accept"), null)).ReadAsync<AmendmentResponse>();

        var after = await GetAsync(demo.Id);
        Assert.Equal(0, after.Blocks.Sum(b => b.OpenBrackets));
        Assert.EndsWith("El grupo de trabajo examinó el tema 5 del programa.\n",
            await _chair.GetStringAsync($"/api/documents/{demo.Id}/text?format=markdown"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Naming_a_co_sponsor_invites_it_and_only_its_own_confirmation_makes_it_one()
    {
        var doc = await factory.CreateOpenAsync();
        var esp = await factory.ClientForAsync("ESP");
        var fra = await factory.ClientForAsync("FRA");
        var mex = await factory.ClientForAsync("MEX");

        // The repro: Spain's key names France. 201, France invited, not a co-sponsor.
        var proposed = await esp.ProposeAsync(doc.Id, new { kind = "replace", blockId = doc.Blocks[1].Id, baseVersion = 1, quote = "cooperate", text = "act", cosponsors = new[] { "FRA", "MEX" } });
        Assert.Equal(["FRA", "MEX"], proposed.Invited);
        Assert.Empty(proposed.Cosponsors);
        var plain = await factory.ChairClient().GetStringAsync($"/api/documents/{doc.Id}/text?view=compilation&format=plain");
        Assert.Contains("(A1: ESP)", plain);
        Assert.DoesNotContain("FRA", plain);

        var confirmed = await (await fra.PostAsync(Url(doc.Id, proposed.Id, "cosponsor"), null)).ReadAsync<AmendmentResponse>();
        Assert.Equal(["FRA"], confirmed.Cosponsors);
        Assert.Equal(["MEX"], confirmed.Invited);
        Assert.Contains("(A1: ESP + FRA)", await factory.ChairClient().GetStringAsync($"/api/documents/{doc.Id}/text?view=compilation&format=plain"));

        var declined = await (await mex.PostAsync(Url(doc.Id, proposed.Id, "decline-cosponsorship"), null)).ReadAsync<AmendmentResponse>();
        Assert.Equal(["FRA"], declined.Cosponsors);
        Assert.Empty(declined.Invited);
        await (await mex.PostAsync(Url(doc.Id, proposed.Id, "decline-cosponsorship"), null)).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await fra.PostAsync(Url(doc.Id, proposed.Id, "decline-cosponsorship"), null)).AssertProblemAsync(HttpStatusCode.Conflict);

        var events = await (await esp.GetAsync($"/api/documents/{doc.Id}/events?after=0")).ReadJsonAsync();
        Assert.Contains(events["events"]!.AsArray(), e => e!["type"]!.GetValue<string>() == "amendmentCosponsorshipDeclined" && e["actor"]!.GetValue<string>() == "MEX");
        var listed = await (await fra.GetAsync($"/api/documents/{doc.Id}/amendments?delegation=FRA")).ReadAsync<List<AmendmentResponse>>();
        Assert.Contains(listed, a => a.Id == proposed.Id);
    }
}
