using System.Net;
using Microsoft.Extensions.Time.Testing;
using OewgDrafting.Api.Features.Amendments;
using OewgDrafting.Api.Features.Consensus;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Features.Events;
using OewgDrafting.Api.Tests.Infrastructure;
using OewgDrafting.Domain.Consensus;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Silence;
using static OewgDrafting.Api.Tests.Infrastructure.HttpExtensions;

namespace OewgDrafting.Api.Tests.Consensus;

public class SilenceTests(DraftingApiFactory factory) : IClassFixture<DraftingApiFactory>
{
    private readonly HttpClient _chair = factory.ChairClient();

    [Fact]
    public async Task A_deadline_under_72_hours_is_refused()
    {
        var doc = await factory.CreateOpenAsync();
        var problem = await (await _chair.PostAsync($"/api/documents/{doc.Id}/silence",
            JsonBody(new { deadline = factory.Clock.GetUtcNow().AddHours(48) }))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(problem["errors"]!["deadline"]);
        await (await _chair.PostAsync($"/api/documents/{doc.Id}/silence", JsonBody(new { deadline = factory.Clock.GetUtcNow().AddHours(80), blockIds = new[] { Guid.NewGuid() } })))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await (await factory.ClientForAsync("ESP")).PostAsync($"/api/documents/{doc.Id}/silence", JsonBody(new { deadline = factory.Clock.GetUtcNow().AddHours(80) })))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Silence_broken_in_the_last_second_is_broken_and_nothing_is_agreed()
    {
        var doc = await factory.CreateOpenAsync(new { kind = "paragraph", label = "1", text = "Agreed text." });
        var deadline = factory.Clock.GetUtcNow().AddHours(72);
        var started = await (await _chair.PostAsync($"/api/documents/{doc.Id}/silence",
            JsonBody(new { deadline, blockIds = new[] { doc.Blocks[0].Id } }))).ReadAsync<SilenceResponse>();
        var consensus = await (await _chair.GetAsync($"/api/documents/{doc.Id}/consensus")).ReadAsync<ConsensusPicture>();
        Assert.Equal([started.Id], consensus.Blockers.Single().SilenceProcedures);
        // Another procedure with the same deadline, left unbroken: once the closer has concluded it, it has passed the deadline.
        var witnessDoc = await factory.CreateOpenAsync(new { kind = "paragraph", label = "1", text = "Other text." });
        var witness = await (await _chair.PostAsync($"/api/documents/{witnessDoc.Id}/silence",
            JsonBody(new { deadline, blockIds = new[] { witnessDoc.Blocks[0].Id } }))).ReadAsync<SilenceResponse>();

        factory.Clock.Advance(TimeSpan.FromHours(72) - TimeSpan.FromSeconds(1));
        var esp = await factory.ClientForAsync("ESP");
        await (await esp.PostAsync($"/api/documents/{doc.Id}/silence/{started.Id}/break", JsonBody(new { }))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        var broken = await (await esp.PostAsync($"/api/documents/{doc.Id}/silence/{started.Id}/break",
            JsonBody(new { statement = "Spain breaks silence on paragraph 1." }))).ReadAsync<SilenceResponse>();
        Assert.Equal(SilenceStatus.Broken, broken.Status);
        Assert.Equal("ESP", broken.BrokenBy);

        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(SilenceStatus.Concluded, (await _chair.WaitForSilenceAsync(witnessDoc.Id, witness.Id, p => p.Status == SilenceStatus.Concluded)).Status);
        var after = await _chair.WaitForSilenceAsync(doc.Id, started.Id, _ => true);
        Assert.Equal(SilenceStatus.Broken, after.Status);
        Assert.Equal(BlockStatus.Open, (await (await _chair.GetAsync($"/api/documents/{doc.Id}")).ReadAsync<DocumentResponse>()).Blocks[0].Status);
        await (await (await factory.ClientForAsync("FRA")).PostAsync($"/api/documents/{doc.Id}/silence/{started.Id}/break",
            JsonBody(new { statement = "Too late." }))).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task An_unbroken_silence_agrees_its_paragraphs_within_seconds_of_the_deadline()
    {
        var doc = await factory.CreateOpenAsync(
            new { kind = "paragraph", label = "1", text = "Clean text." },
            new { kind = "paragraph", label = "2", text = "Still [bracketed]." });
        var started = await (await _chair.PostAsync($"/api/documents/{doc.Id}/silence",
            JsonBody(new { deadline = factory.Clock.GetUtcNow().AddHours(72), blockIds = new[] { doc.Blocks[0].Id, doc.Blocks[1].Id } }))).ReadAsync<SilenceResponse>();

        factory.Clock.Advance(TimeSpan.FromHours(72) + TimeSpan.FromSeconds(1));
        var concluded = await _chair.WaitForSilenceAsync(doc.Id, started.Id, s => s.Status != SilenceStatus.Running);

        Assert.Equal(SilenceStatus.Concluded, concluded.Status);
        Assert.Contains("Agreed in silence: 1.", concluded.Outcome, StringComparison.Ordinal);
        Assert.Contains("Not agreed: 2 (1 open bracket)", concluded.Outcome, StringComparison.Ordinal);
        var blocks = (await (await _chair.GetAsync($"/api/documents/{doc.Id}")).ReadAsync<DocumentResponse>()).Blocks;
        Assert.Equal([BlockStatus.AgreedAdRef, BlockStatus.Open], blocks.Select(b => b.Status));
        var events = (await (await _chair.GetAsync($"/api/documents/{doc.Id}/events")).ReadAsync<EventPage>()).Events;
        Assert.Equal(("silenceConcluded", "system"), (events[^1].Type, events[^1].Actor));
    }

    [Fact]
    public async Task A_silence_on_the_whole_document_adopts_it_when_nothing_else_blocks()
    {
        var doc = await factory.CreateOpenAsync(new { kind = "paragraph", label = "1", text = "Everyone agrees." });
        var started = await (await _chair.PostAsync($"/api/documents/{doc.Id}/silence",
            JsonBody(new { deadline = factory.Clock.GetUtcNow().AddHours(72) }))).ReadAsync<SilenceResponse>();
        Assert.True(started.WholeDocument);

        factory.Clock.Advance(TimeSpan.FromHours(73));
        var concluded = await _chair.WaitForSilenceAsync(doc.Id, started.Id, s => s.Status != SilenceStatus.Running);

        Assert.Contains("The document was adopted.", concluded.Outcome, StringComparison.Ordinal);
        var adoption = await (await _chair.GetAsync($"/api/documents/{doc.Id}/adoption")).ReadAsync<AdoptionResponse>();
        Assert.Equal("silence procedure", adoption.Method);
        Assert.Equal(DocumentStatus.Adopted, (await (await _chair.GetAsync($"/api/documents/{doc.Id}")).ReadAsync<DocumentResponse>()).Status);
    }
}

public class SilenceRestartTests
{
    [Fact]
    public async Task A_restart_before_the_deadline_does_not_lose_the_procedure()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 7, 7, 10, 0, 0, TimeSpan.Zero));
        Guid documentId, procedureId;
        string path;
        using (var before = new DraftingApiFactory { KeepDatabase = true, Clock = clock })
        {
            path = before.DatabasePath;
            var doc = await before.CreateOpenAsync(new { kind = "paragraph", label = "1", text = "Agreed after the restart." });
            documentId = doc.Id;
            procedureId = (await (await before.ChairClient().PostAsync($"/api/documents/{doc.Id}/silence",
                JsonBody(new { deadline = clock.GetUtcNow().AddHours(72), blockIds = new[] { doc.Blocks[0].Id } }))).ReadAsync<SilenceResponse>()).Id;
        }

        // The server is down when the deadline passes; it closes the procedure when it comes back.
        var later = new FakeTimeProvider(clock.GetUtcNow().AddHours(80));
        using var after = new DraftingApiFactory { DatabasePath = path, Clock = later };
        var chair = after.ChairClient();
        var until = DateTime.UtcNow.AddSeconds(15);
        SilenceResponse procedure;
        do
        {
            procedure = (await (await chair.GetAsync($"/api/documents/{documentId}/silence")).ReadAsync<List<SilenceResponse>>()).Single(s => s.Id == procedureId);
            await Task.Delay(100);
        }
        while (procedure.Status == SilenceStatus.Running && DateTime.UtcNow < until);

        Assert.Equal(SilenceStatus.Concluded, procedure.Status);
        Assert.Equal(BlockStatus.AgreedAdRef, (await (await chair.GetAsync($"/api/documents/{documentId}")).ReadAsync<DocumentResponse>()).Blocks[0].Status);
    }
}

public class SeedAdoptionStoryTests(DraftingApiFactory factory) : IClassFixture<DraftingApiFactory>
{
    private readonly HttpClient _chair = factory.ChairClient();

    [Fact]
    public async Task The_seed_cannot_be_adopted_while_its_annex_is_por_completar_and_can_once_it_is_replaced_and_everything_is_agreed()
    {
        var demo = (await (await _chair.GetAsync("/api/documents")).ReadAsync<List<DocumentSummary>>()).Single(d => d.Symbol == "A/AC.292/2025/L.1");
        Assert.Equal(HttpStatusCode.OK, (await _chair.PostAsync($"/api/documents/{demo.Id}/open", null)).StatusCode);
        var document = await (await _chair.GetAsync($"/api/documents/{demo.Id}")).ReadAsync<DocumentResponse>();
        var placeholder = document.Blocks[^1];

        // Imported and opened, it cannot be adopted: the annex is still [por completar] and nothing is agreed.
        var picture = await (await _chair.GetAsync($"/api/documents/{demo.Id}/consensus")).ReadAsync<ConsensusPicture>();
        Assert.False(picture.CanAdopt);
        Assert.Equal(1, picture.Totals.OpenBrackets);
        Assert.Equal(19, picture.Totals.ParagraphsNotAgreed);
        var refused = await (await _chair.PostAsync($"/api/documents/{demo.Id}/adopt", null)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains(refused["blockers"]!.AsArray(), b => b!["openBrackets"]!.GetValue<int>() == 1);
        await (await _chair.PostAsync($"/api/documents/{demo.Id}/blocks/{placeholder.Id}/agree", null)).AssertProblemAsync(HttpStatusCode.Conflict);

        // Singapore proposes the annex text; the chair accepts it.
        var amendment = await (await factory.ClientForAsync("SGP")).ProposeAsync(demo.Id, new
        {
            kind = "replaceParagraph", blockId = placeholder.Id, baseVersion = placeholder.Version,
            text = "El grupo de trabajo examinó el tema 5 del programa y llegó a conclusiones.",
        });
        await (await _chair.PostAsync($"/api/documents/{demo.Id}/amendments/{amendment.Id}/accept", null)).ReadAsync<AmendmentResponse>();
        await (await factory.ClientForAsync("ESP")).PutAsync($"/api/documents/{demo.Id}/blocks/{document.Blocks.Single(b => b.Label == "1").Id}/positions/ESP",
            JsonBody(new { stance = "reserve", statement = "España se reserva su posición sobre el párrafo 1." }));
        await (await factory.ClientForAsync("FRA")).PostAsync($"/api/documents/{demo.Id}/explanations",
            JsonBody(new { text = "La France se joint au consensus." }));

        foreach (var block in document.Blocks.Where(b => b.Kind == BlockKind.Paragraph))
        {
            var agreed = await _chair.PostAsync($"/api/documents/{demo.Id}/blocks/{block.Id}/agree", null);
            Assert.Equal(HttpStatusCode.OK, agreed.StatusCode);
        }

        picture = await (await _chair.GetAsync($"/api/documents/{demo.Id}/consensus")).ReadAsync<ConsensusPicture>();
        Assert.True(picture.CanAdopt);
        Assert.Empty(picture.Blockers);

        var adoption = await (await _chair.PostAsync($"/api/documents/{demo.Id}/adopt", null)).ReadAsync<AdoptionResponse>();
        Assert.Equal("consensus", adoption.Method);
        var reservation = Assert.Single(adoption.Reservations);
        Assert.Equal(("ESP", "1"), (reservation.Delegation, reservation.Label));
        Assert.Equal("La France se joint au consensus.", Assert.Single(adoption.Explanations).Text);

        var adopted = await (await _chair.GetAsync($"/api/documents/{demo.Id}")).ReadAsync<DocumentResponse>();
        Assert.Equal(DocumentStatus.Adopted, adopted.Status);
        Assert.All(adopted.Blocks, b => Assert.Equal(BlockStatus.Adopted, b.Status));
        var revisions = await (await _chair.GetAsync($"/api/documents/{demo.Id}/revisions")).ReadAsync<List<Features.Revisions.RevisionSummary>>();
        Assert.Equal(["Zero draft", "Final"], revisions.Select(r => r.Name));
        Assert.Equal(adoption.FinalRevision, revisions[^1].Number);

        // From now on, every write to the document is a 409.
        var esp = await factory.ClientForAsync("ESP");
        var p1 = adopted.Blocks.Single(b => b.Label == "1");
        var writes = new (HttpClient Client, HttpMethod Method, string Url, object? Body)[]
        {
            (_chair, HttpMethod.Post, $"/api/documents/{demo.Id}/adopt", null),
            (_chair, HttpMethod.Post, $"/api/documents/{demo.Id}/open", null),
            (_chair, HttpMethod.Post, $"/api/documents/{demo.Id}/blocks", new { kind = "paragraph", text = "Late." }),
            (_chair, HttpMethod.Put, $"/api/documents/{demo.Id}/blocks/{p1.Id}", new { text = "Late.", expectedVersion = p1.Version }),
            (_chair, HttpMethod.Delete, $"/api/documents/{demo.Id}/blocks/{p1.Id}?expectedVersion={p1.Version}", null),
            (esp, HttpMethod.Post, $"/api/documents/{demo.Id}/amendments", new { kind = "delete", blockId = p1.Id, baseVersion = p1.Version, quote = "En" }),
            (esp, HttpMethod.Put, $"/api/documents/{demo.Id}/blocks/{p1.Id}/positions/ESP", new { stance = "support" }),
            (esp, HttpMethod.Post, $"/api/documents/{demo.Id}/explanations", new { text = "Late." }),
            (_chair, HttpMethod.Post, $"/api/documents/{demo.Id}/blocks/{p1.Id}/reopen", null),
            (_chair, HttpMethod.Post, $"/api/documents/{demo.Id}/revisions", new { renumber = true }),
            (_chair, HttpMethod.Post, $"/api/documents/{demo.Id}/silence", new { deadline = factory.Clock.GetUtcNow().AddDays(4) }),
        };
        foreach (var (client, method, url, body) in writes)
        {
            var response = await client.SendAsync(new HttpRequestMessage(method, url) { Content = body is null ? null : JsonBody(body) });
            await response.AssertProblemAsync(HttpStatusCode.Conflict);
        }

        Assert.Equal(adopted.Version, (await (await _chair.GetAsync($"/api/documents/{demo.Id}")).ReadAsync<DocumentResponse>()).Version);
    }

    [Fact]
    public async Task The_adoption_record_does_not_exist_before_adoption()
    {
        var doc = await factory.CreateOpenAsync();
        await (await _chair.GetAsync($"/api/documents/{doc.Id}/adoption")).AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
