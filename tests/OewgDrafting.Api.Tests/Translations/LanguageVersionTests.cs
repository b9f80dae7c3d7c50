using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OewgDrafting.Api.Features.Consensus;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Features.Translations;
using OewgDrafting.Api.Infrastructure.Http;
using OewgDrafting.Api.Tests.Infrastructure;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Languages;
using OewgDrafting.Domain.Revisions;
using static OewgDrafting.Api.Tests.Infrastructure.HttpExtensions;

namespace OewgDrafting.Api.Tests.Translations;

/// <summary>
/// DOMAIN: one authoritative text in its original language and language versions that must say the same thing block
/// by block. The seed (Spanish) serves as the version of an English original with the same numbering.
/// </summary>
public class LanguageVersionTests(DraftingApiFactory factory) : IClassFixture<DraftingApiFactory>
{
    private readonly HttpClient _chair = factory.ChairClient();

    /// <summary>An English original shaped like the seed: its headings, its 18 numbered paragraphs, the annex placeholder.</summary>
    private async Task<DocumentResponse> EnglishOriginalAsync()
    {
        var demo = (await (await _chair.GetAsync("/api/documents")).ReadAsync<List<DocumentSummary>>()).Single(d => d.Symbol == "A/AC.292/2025/L.1");
        var shape = await (await _chair.GetAsync($"/api/documents/{demo.Id}")).ReadAsync<DocumentResponse>();
        var blocks = shape.Blocks.Select(b => b.Kind == BlockKind.Heading
            ? (object)new { kind = "heading", label = b.Label == "Anexo" ? "Annex" : b.Label, level = b.Level, text = b.Label == "Anexo" ? "" : $"Heading {b.Label ?? "of the annex"}" }
            : b.Label is null
                ? new { kind = "paragraph", label = (string?)null, text = "[To be completed]" }
                : new { kind = "paragraph", label = (string?)b.Label, text = $"English paragraph {b.Label}, the original." }).ToArray();
        var response = await _chair.PostAsync("/api/documents", JsonBody(new
        {
            symbol = $"A/AC.292/2025/L.1/EN.{Guid.NewGuid():N}"[..40],
            title = "Final report of the open-ended working group",
            language = "en",
            blocks,
        }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadAsync<DocumentResponse>();
    }

    private async Task<LanguageVersionResponse> SpanishVersionAsync(Guid documentId, HttpClient? client = null)
    {
        var response = await (client ?? _chair).PostAsync($"/api/documents/{documentId}/languages/es", TextBody(Fixtures.Seed));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadAsync<LanguageVersionResponse>();
    }

    [Fact]
    public async Task The_languages_are_read_again_only_when_the_document_moved_on_and_the_list_is_older_than_the_interval_or_forgotten()
    {
        var original = await EnglishOriginalAsync();
        await using var scope = factory.Services.CreateAsyncScope();
        var head = new OewgDrafting.Api.Infrastructure.Caching.DocumentHead(original.Id);
        head.Advance(1, 1);
        var patient = new DocumentLanguages(TimeSpan.FromHours(1));
        var eager = new DocumentLanguages(TimeSpan.Zero);
        Assert.Empty(await patient.VersionsAsync(head, scope.ServiceProvider, CancellationToken.None));
        Assert.Empty(await eager.VersionsAsync(head, scope.ServiceProvider, CancellationToken.None));

        await SpanishVersionAsync(original.Id);
        // Same version: both keep what they read.
        Assert.Empty(await eager.VersionsAsync(head, scope.ServiceProvider, CancellationToken.None));

        // Moved on (every proposal does that): read again once the list is older than the interval, not before.
        head.Advance(2, 1);
        Assert.Equal(["es"], await eager.VersionsAsync(head, scope.ServiceProvider, CancellationToken.None));
        Assert.Empty(await patient.VersionsAsync(head, scope.ServiceProvider, CancellationToken.None));
        patient.Forget(original.Id);
        Assert.Equal(["es"], await patient.VersionsAsync(head, scope.ServiceProvider, CancellationToken.None));
    }

    [Fact]
    public async Task A_language_version_created_here_is_chosen_at_once_by_a_read_that_asks_for_it_between_proposals()
    {
        var original = await EnglishOriginalAsync();
        Assert.Equal(HttpStatusCode.OK, (await _chair.PostAsync($"/api/documents/{original.Id}/open", null)).StatusCode);
        await factory.EnsureDelegationAsync("ESP");
        var spain = await factory.ClientForAsync("ESP");
        var paragraph = original.Blocks.First(b => b.Label == "1");

        async Task<string> ReadLanguageAsync()
        {
            using var read = new HttpRequestMessage(HttpMethod.Get, $"/api/documents/{original.Id}/text?format=markdown");
            read.Headers.TryAddWithoutValidation("Accept-Language", "es-ES, es;q=0.9, en;q=0.5");
            var response = await _chair.SendAsync(read);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return response.Content.Headers.ContentLanguage.Single();
        }

        await spain.ProposeAsync(original.Id, new { kind = "replace", blockId = paragraph.Id, baseVersion = 1, quote = "English", text = "Other" });
        Assert.Equal("en", await ReadLanguageAsync());
        await SpanishVersionAsync(original.Id);
        await spain.ProposeAsync(original.Id, new { kind = "replace", blockId = paragraph.Id, baseVersion = 1, quote = "English", text = "Another" });
        Assert.Equal("es", await ReadLanguageAsync());
    }

    [Fact]
    public async Task The_seed_imported_as_the_Spanish_version_of_an_English_original_aligns_18_of_18_paragraphs()
    {
        var original = await EnglishOriginalAsync();
        var response = await _chair.PostAsync($"/api/documents/{original.Id}/languages/es", TextBody(Fixtures.Seed));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.EndsWith($"/api/documents/{original.Id}/languages/es", response.Headers.Location!.OriginalString);
        var version = await response.ReadAsync<LanguageVersionResponse>();
        Assert.Equal(("en", "es"), (version.OriginalLanguage, version.Language));
        Assert.StartsWith("Informe final del grupo de trabajo", version.Title);
        Assert.Equal((original.Blocks.Count, 0, 0), (version.Current, version.Outdated, version.Missing));
        var paragraphs = version.Blocks.Where(b => b.Kind == BlockKind.Paragraph && b.Label is not null).ToList();
        Assert.Equal(18, paragraphs.Count);
        Assert.Equal(Enumerable.Range(1, 18).Select(n => n.ToString()), paragraphs.Select(p => p.Label));
        // Aligned to the original block with the same number, translating its version.
        var p1 = original.Blocks.Single(b => b.Label == "1");
        var translated1 = version.Blocks.Single(b => b.BlockId == p1.Id);
        Assert.StartsWith("En su resolución [75/240]", translated1.Text);
        Assert.Equal((p1.Version, TranslationState.Current), (translated1.TranslatesVersion!.Value, translated1.State));
        // A heading keeps its own word in the version: Anexo for the original's Annex.
        Assert.Contains(version.Blocks, b => b.Kind == BlockKind.Heading && b.Label == "Anexo");
        // Brackets in a translation are counted like the original's: the annex placeholder.
        Assert.Equal(1, version.Blocks.Single(b => b.Kind == BlockKind.Paragraph && b.Label is null).OpenBrackets);

        var listed = await (await _chair.GetAsync($"/api/documents/{original.Id}/languages")).ReadAsync<List<LanguageVersionSummary>>();
        Assert.Equal("es", Assert.Single(listed).Language);
    }

    [Fact]
    public async Task A_version_can_come_from_a_Word_document()
    {
        var original = await EnglishOriginalAsync();
        var demo = (await (await _chair.GetAsync("/api/documents")).ReadAsync<List<DocumentSummary>>()).Single(d => d.Symbol == "A/AC.292/2025/L.1");
        var docx = await _chair.GetByteArrayAsync($"/api/documents/{demo.Id}/text?format=docx");
        var content = new ByteArrayContent(docx);
        content.Headers.ContentType = new(TextFormats.Docx);

        var response = await _chair.PostAsync($"/api/documents/{original.Id}/languages/es", content);

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var version = await response.ReadAsync<LanguageVersionResponse>();
        Assert.Equal((original.Blocks.Count, 0), (version.Current, version.Missing));
        Assert.StartsWith("En su resolución", version.Blocks.Single(b => b.Label == "1").Text);
    }

    [Fact]
    public async Task A_version_whose_structure_does_not_match_is_a_422_listing_the_first_blocks_that_do_not_align_and_writes_nothing()
    {
        var original = await EnglishOriginalAsync();
        var before = (await (await _chair.GetAsync($"/api/documents/{original.Id}")).ReadAsync<DocumentResponse>()).Version;
        // Paragraph 5 left out: heading C. of the version stands where the original has paragraph 5.
        var lines = Fixtures.Seed.Split('\n');
        var withoutFive = string.Join('\n', lines.Where(l => !l.StartsWith("5. ", StringComparison.Ordinal)));

        var problem = await (await _chair.PostAsync($"/api/documents/{original.Id}/languages/es", TextBody(withoutFive)))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity);

        var errors = problem["errors"]!["blocks"]!.AsArray().Select(e => e!.GetValue<string>()).ToList();
        Assert.InRange(errors.Count, 1, LanguageAlignment.MaxReported);
        Assert.Equal("Block 9: the original has a paragraph here, the version a heading.", errors[0]);
        Assert.Empty(await (await _chair.GetAsync($"/api/documents/{original.Id}/languages")).ReadAsync<List<LanguageVersionSummary>>());
        Assert.Equal(before, (await (await _chair.GetAsync($"/api/documents/{original.Id}")).ReadAsync<DocumentResponse>()).Version);
        await (await _chair.GetAsync($"/api/documents/{original.Id}/languages/es")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_original_language_and_a_second_import_of_one_language_are_conflicts()
    {
        var original = await EnglishOriginalAsync();
        await (await _chair.PostAsync($"/api/documents/{original.Id}/languages/en", TextBody(Fixtures.Seed))).AssertProblemAsync(HttpStatusCode.Conflict);
        await SpanishVersionAsync(original.Id);
        await (await _chair.PostAsync($"/api/documents/{original.Id}/languages/ES", TextBody(Fixtures.Seed))).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await _chair.PostAsync($"/api/documents/{original.Id}/languages/not_a_tag", TextBody(Fixtures.Seed)))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await _chair.PostAsync($"/api/documents/{Guid.NewGuid()}/languages/fr", TextBody(Fixtures.Seed))).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_accepted_amendment_to_paragraph_3_marks_only_paragraph_3_of_the_Spanish_version_outdated()
    {
        var original = await EnglishOriginalAsync();
        await SpanishVersionAsync(original.Id);
        await _chair.PostAsync($"/api/documents/{original.Id}/open", null);
        var p3 = original.Blocks.Single(b => b.Label == "3");
        var esp = await factory.ClientForAsync("ESP");
        var amendment = await esp.ProposeAsync(original.Id, new { kind = "replace", blockId = p3.Id, baseVersion = p3.Version, quote = "the original", text = "the authoritative text", justification = "Clarity." });
        Assert.Equal(HttpStatusCode.OK, (await _chair.PostAsync($"/api/documents/{original.Id}/amendments/{amendment.Id}/accept", null)).StatusCode);

        var outdated = await (await _chair.GetAsync($"/api/documents/{original.Id}/languages/es?state=outdated")).ReadAsync<LanguageVersionResponse>();

        var block = Assert.Single(outdated.Blocks);
        Assert.Equal((p3.Id, "3", TranslationState.Outdated), (block.BlockId, block.Label, block.State));
        Assert.Equal((original.Blocks.Count - 1, 1, 0), (outdated.Current, outdated.Outdated, outdated.Missing));
        var change = block.Outdated!;
        Assert.Equal((1, 2), (change.FromVersion, change.ToVersion));
        Assert.Equal("English paragraph 3, the original.", change.OldText);
        Assert.Equal("English paragraph 3, the authoritative text.", change.NewText);
        Assert.Contains(change.Changes, c => c.Type == "deleted" && c.Text.Contains("original"));
        Assert.Contains(change.Changes, c => c.Type == "inserted" && c.Text.Contains("authoritative"));
        Assert.Contains(change.Changes, c => c.Type == "unchanged" && c.Text.StartsWith("English paragraph 3"));

        // The translator brings it up to date, naming the original version it now translates.
        var put = await _chair.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/documents/{original.Id}/languages/es/blocks/{p3.Id}")
        {
            Content = JsonBody(new { text = "El grupo de trabajo celebró, el texto auténtico.", translatesVersion = 2 }),
        }.WithIfMatch("\"1\""));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("\"2\"", put.Headers.ETag!.Tag);
        var current = await (await _chair.GetAsync($"/api/documents/{original.Id}/languages/es")).ReadAsync<LanguageVersionResponse>();
        Assert.Equal((original.Blocks.Count, 0, 0), (current.Current, current.Outdated, current.Missing));
    }

    [Fact]
    public async Task A_translation_names_the_current_original_version_and_the_version_it_replaces()
    {
        var original = await EnglishOriginalAsync();
        await SpanishVersionAsync(original.Id);
        var p1 = original.Blocks.Single(b => b.Label == "1");
        var url = $"/api/documents/{original.Id}/languages/es/blocks/{p1.Id}";
        var edited = await _chair.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/documents/{original.Id}/blocks/{p1.Id}")
        {
            Content = JsonBody(new { text = "English paragraph 1, revised." }),
        }.WithIfMatch("\"1\""));
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);

        // No version named: 428. A stale translation version: 412 (If-Match) or 409 (expectedVersion).
        await (await _chair.PutAsync(url, JsonBody(new { text = "Uno.", translatesVersion = 2 }))).AssertProblemAsync(HttpStatusCode.PreconditionRequired);
        await (await _chair.SendAsync(new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonBody(new { text = "Uno.", translatesVersion = 2 }) }
            .WithIfMatch("\"7\""))).AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        await (await _chair.PutAsync(url, JsonBody(new { text = "Uno.", translatesVersion = 2, expectedVersion = 7 }))).AssertProblemAsync(HttpStatusCode.Conflict);
        // Translating an original version that is not the current one would not say what the original says now.
        var stale = await (await _chair.PutAsync(url, JsonBody(new { text = "Uno.", translatesVersion = 1, expectedVersion = 1 })))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("version 2", stale["detail"]!.GetValue<string>());
        // Missing fields and unbalanced brackets are refused.
        await (await _chair.PutAsync(url, JsonBody(new { expectedVersion = 1 }))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await _chair.PutAsync(url, JsonBody(new { text = "Uno [sin cerrar.", translatesVersion = 2, expectedVersion = 1 }))).AssertProblemAsync(HttpStatusCode.BadRequest);
        var still = await (await _chair.GetAsync($"/api/documents/{original.Id}/languages/es?state=outdated")).ReadAsync<LanguageVersionResponse>();
        Assert.Equal(p1.Id, Assert.Single(still.Blocks).BlockId);

        var ok = await _chair.PutAsync(url, JsonBody(new { text = "Párrafo uno, revisado.", translatesVersion = 2, expectedVersion = 1 }));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var events = await (await _chair.GetAsync($"/api/documents/{original.Id}/events?after=0")).ReadJsonAsync();
        var last = events["events"]!.AsArray()[^1]!;
        Assert.Equal(("translationUpdated", "CHAIR"), (last["type"]!.GetValue<string>(), last["actor"]!.GetValue<string>()));
        Assert.Equal("Párrafo uno, revisado.", last["data"]!["after"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_new_original_paragraph_is_missing_in_every_version_until_translated_and_the_text_formats_mark_it()
    {
        var original = await EnglishOriginalAsync();
        await SpanishVersionAsync(original.Id);
        var p5 = original.Blocks.Single(b => b.Label == "5");
        var added = await (await _chair.PostAsync($"/api/documents/{original.Id}/blocks",
            JsonBody(new { kind = "paragraph", text = "A new paragraph.", afterBlockId = p5.Id }))).ReadAsync<BlockResponse>();
        Assert.Equal("5 bis", added.Label);

        var version = await (await _chair.GetAsync($"/api/documents/{original.Id}/languages/es?state=missing")).ReadAsync<LanguageVersionResponse>();
        var missing = Assert.Single(version.Blocks);
        Assert.Equal((added.Id, TranslationState.Missing, (string?)null), (missing.BlockId, missing.State, missing.Text));
        Assert.Equal("A new paragraph.", missing.OriginalText);

        var markdown = await _chair.GetStringAsync($"/api/documents/{original.Id}/text?lang=es&format=markdown");
        Assert.Contains("5 bis. ‹missing› A new paragraph.", markdown);
        Assert.Contains("5. Los participantes", markdown);
        var plain = await _chair.GetStringAsync($"/api/documents/{original.Id}/text?lang=es&format=plain");
        Assert.Contains("5 bis. ‹missing› A new paragraph.", plain);
        var html = await _chair.GetStringAsync($"/api/documents/{original.Id}/text?lang=es&format=html");
        Assert.Matches("data-label=\"5 bis\" data-translation=\"missing\" lang=\"en\" dir=\"ltr\">", html);
        Assert.Contains("<span class=\"translation-state missing\">‹missing›</span>", html);
        var json = await (await _chair.GetAsync($"/api/documents/{original.Id}/text?lang=es&format=json")).ReadJsonAsync();
        var block = json["blocks"]!.AsArray().Single(b => b!["id"]!.GetValue<Guid>() == added.Id)!;
        Assert.Equal("missing", block["translation"]!["state"]!.GetValue<string>());
        Assert.Equal(1, json["translation"]!["missing"]!.GetValue<int>());

        var translated = await _chair.PutAsync($"/api/documents/{original.Id}/languages/es/blocks/{added.Id}",
            JsonBody(new { text = "Un párrafo nuevo.", translatesVersion = added.Version, expectedVersion = 0 }));
        Assert.Equal(HttpStatusCode.OK, translated.StatusCode);
        Assert.Contains("5 bis. Un párrafo nuevo.", await _chair.GetStringAsync($"/api/documents/{original.Id}/text?lang=es&format=markdown"));
    }

    [Fact]
    public async Task Renumbering_the_original_outdates_the_renumbered_translations_and_their_numbers_follow_the_original()
    {
        var original = await factory.CreateOpenAsync(
            new { kind = "paragraph", label = "1", text = "First." },
            new { kind = "paragraph", label = "2", text = "Second." });
        Assert.Equal(HttpStatusCode.Created, (await _chair.PostAsync($"/api/documents/{original.Id}/languages/fr",
            TextBody("Rapport\n\n1. Premier.\n\n2. Deuxième.\n"))).StatusCode);
        var esp = await factory.ClientForAsync("ESP");
        var added = await esp.ProposeAsync(original.Id, new { kind = "addParagraph", blockId = original.Blocks[0].Id, afterBlockId = original.Blocks[0].Id, baseVersion = 1, text = "Inserted." });
        Assert.Equal(HttpStatusCode.OK, (await _chair.PostAsync($"/api/documents/{original.Id}/amendments/{added.Id}/accept", null)).StatusCode);
        var revision = await _chair.PostAsync($"/api/documents/{original.Id}/revisions", JsonBody(new { renumber = true }));
        Assert.Equal(HttpStatusCode.Created, revision.StatusCode);

        var version = await (await _chair.GetAsync($"/api/documents/{original.Id}/languages/fr")).ReadAsync<LanguageVersionResponse>();
        Assert.Equal(["1:Current", "2:Missing", "3:Outdated"], version.Blocks.Select(b => $"{b.Label}:{b.State}"));
        Assert.Equal("2. ‹missing› Inserted.\n\n3. ‹outdated› Deuxième.\n",
            (await _chair.GetStringAsync($"/api/documents/{original.Id}/text?lang=fr&format=plain")).Split("1. Premier.\n\n")[1]);
    }

    [Fact]
    public async Task A_language_version_reads_in_every_format_by_lang_or_accept_language_with_content_language_set()
    {
        var original = await EnglishOriginalAsync();
        await SpanishVersionAsync(original.Id);
        var url = $"/api/documents/{original.Id}/text";

        var markdown = await _chair.GetAsync(url + "?lang=es&format=markdown");
        Assert.Equal("es", Assert.Single(markdown.Content.Headers.ContentLanguage));
        Assert.Contains("Accept-Language", markdown.Headers.Vary);
        var text = await markdown.Content.ReadAsStringAsync();
        Assert.Contains("\nInforme final del grupo de trabajo", text);
        Assert.Contains("18. En su 11º período de sesiones", text);
        Assert.DoesNotContain("‹", text);

        var json = await (await _chair.GetAsync(url + "?lang=es")).ReadAsync<DocumentTextResponse>();
        Assert.Equal(("es", "en"), (json.Language, json.Translation!.OriginalLanguage));
        Assert.All(json.Blocks, b => Assert.Equal(TranslationState.Current, b.Translation!.State));
        var html = await _chair.GetStringAsync(url + "?lang=es&format=html");
        Assert.Contains("<html lang=\"es\">", html);
        var docx = await _chair.GetAsync(url + "?lang=es&format=docx");
        Assert.Equal(HttpStatusCode.OK, docx.StatusCode);
        var akn = await _chair.GetStringAsync(url + "?lang=es&format=akn");
        Assert.Contains("spa", akn);
        Assert.Contains("En su resolución", akn);

        // Accept-Language picks the best available language; the original when none of those asked for exists.
        var spanish = new HttpRequestMessage(HttpMethod.Get, url + "?format=plain");
        spanish.Headers.AcceptLanguage.ParseAdd("fr;q=0.9, es-ES;q=0.8");
        var chosen = await _chair.SendAsync(spanish);
        Assert.Equal("es", Assert.Single(chosen.Content.Headers.ContentLanguage));
        var french = new HttpRequestMessage(HttpMethod.Get, url + "?format=plain");
        french.Headers.AcceptLanguage.ParseAdd("fr");
        var fallback = await _chair.SendAsync(french);
        Assert.Equal("en", Assert.Single(fallback.Content.Headers.ContentLanguage));
        Assert.Contains("English paragraph 1", await fallback.Content.ReadAsStringAsync());
        // ?lang= is explicit: a language with no version is a 404; the original's own language is the original.
        await (await _chair.GetAsync(url + "?lang=fr")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("English paragraph 1", await _chair.GetStringAsync(url + "?lang=en&format=plain"));
        await (await _chair.GetAsync(url + "?lang=es&view=compilation")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);

        // Conditional reads: the tag names the version, the language and the format.
        var tag = markdown.Headers.ETag!.Tag;
        Assert.Contains("-es-markdown", tag);
        var again = new HttpRequestMessage(HttpMethod.Get, url + "?lang=es&format=markdown");
        again.Headers.IfNoneMatch.ParseAdd(tag);
        Assert.Equal(HttpStatusCode.NotModified, (await _chair.SendAsync(again)).StatusCode);
    }

    [Fact]
    public async Task Arabic_renders_right_to_left()
    {
        var original = await factory.CreateDraftAsync();
        var arabic = "تقرير\n\nI. ديباجة\n\n1. تتعاون الدول [ينبغي / يجب].\n\n2. الفقرة الثانية.\n";
        var created = await _chair.PostAsync($"/api/documents/{original.Id}/languages/ar", TextBody(arabic));
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());

        var html = await _chair.GetAsync($"/api/documents/{original.Id}/text?lang=ar&format=html");
        var page = await html.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"ar\" dir=\"rtl\">", page);
        Assert.Contains("lang=\"ar\" dir=\"rtl\">", page[page.IndexOf("<article", StringComparison.Ordinal)..]);
        Assert.Contains("تتعاون الدول", page);
        Assert.Equal("ar", Assert.Single(html.Content.Headers.ContentLanguage));
        var version = await (await _chair.GetAsync($"/api/documents/{original.Id}/languages/ar")).ReadAsync<LanguageVersionResponse>();
        Assert.Equal(1, version.Blocks.Single(b => b.Label == "1").OpenBrackets);
    }

    [Fact]
    public async Task A_Chinese_original_is_compared_by_character_and_a_spaced_one_by_word()
    {
        // DiffPlex by character for languages written without spaces, by word for the others.
        var byCharacter = Features.Revisions.DocumentDiff.Words("各国应当合作。", "各国必须合作。", "zh");
        Assert.Equal(["unchanged:各国", "deleted:应当", "inserted:必须", "unchanged:合作。"], byCharacter.Select(c => $"{c.Type}:{c.Text}"));
        var byWord = Features.Revisions.DocumentDiff.Words("各国应当合作。", "各国必须合作。", "en");
        Assert.DoesNotContain(byWord, c => c.Type == "unchanged");
        Assert.Equal(byCharacter, Features.Revisions.DocumentDiff.Words("各国应当合作。", "各国必须合作。", "zh-Hans"));
        Assert.Contains(Features.Revisions.DocumentDiff.Words("States should cooperate.", "States must cooperate.", "en"),
            c => c.Type == "unchanged" && c.Text.StartsWith("States", StringComparison.Ordinal));

        // Through the API: a document whose original is Chinese gives its translators a character diff.
        var zh = await (await _chair.PostAsync("/api/documents", JsonBody(new
        {
            symbol = $"A/AC.1/ZH.{Guid.NewGuid():N}"[..30],
            title = "报告",
            language = "zh",
            blocks = new[] { new { kind = "paragraph", label = "1", text = "各国应当合作。" } },
        }))).ReadAsync<DocumentResponse>();
        Assert.Equal(HttpStatusCode.Created, (await _chair.PostAsync($"/api/documents/{zh.Id}/languages/en", TextBody("Report\n\n1. States should cooperate.\n"))).StatusCode);
        var zh1 = zh.Blocks.Single();
        await _chair.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/documents/{zh.Id}/blocks/{zh1.Id}")
        {
            Content = JsonBody(new { text = "各国必须合作。" }),
        }.WithIfMatch("\"1\""));
        var en = await (await _chair.GetAsync($"/api/documents/{zh.Id}/languages/en")).ReadAsync<LanguageVersionResponse>();
        Assert.Equal(byCharacter, en.Blocks.Single().Outdated!.Changes);
    }

    [Fact]
    public async Task Only_the_chair_and_the_secretariat_keep_language_versions_and_the_secretariat_does_nothing_else()
    {
        var original = await EnglishOriginalAsync();
        await factory.EnsureDelegationAsync("SEC", "secretariat");
        var secretariat = await factory.ClientForAsync("SEC");
        var esp = await factory.ClientForAsync("ESP");
        var observer = await factory.ClientForAsync("ICRC");

        await (await esp.PostAsync($"/api/documents/{original.Id}/languages/es", TextBody(Fixtures.Seed))).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await observer.PostAsync($"/api/documents/{original.Id}/languages/es", TextBody(Fixtures.Seed))).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await factory.CreateClient().PostAsync($"/api/documents/{original.Id}/languages/es", TextBody(Fixtures.Seed)))
            .AssertProblemAsync(HttpStatusCode.Unauthorized);
        var version = await SpanishVersionAsync(original.Id, secretariat);
        var p1 = original.Blocks.Single(b => b.Label == "1");
        await (await esp.PutAsync($"/api/documents/{original.Id}/languages/es/blocks/{p1.Id}", JsonBody(new { text = "x", translatesVersion = 1, expectedVersion = 1 })))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await secretariat.PutAsync($"/api/documents/{original.Id}/languages/es/blocks/{p1.Id}",
            JsonBody(new { text = "Párrafo 1.", translatesVersion = 1, expectedVersion = 1 }))).StatusCode);
        // Delegations read the versions.
        Assert.Equal(version.Blocks.Count, (await (await esp.GetAsync($"/api/documents/{original.Id}/languages/es")).ReadAsync<LanguageVersionResponse>()).Blocks.Count);

        // The secretariat does nothing else: no edits of the original, no amendments, no positions, no decisions.
        await (await secretariat.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/documents/{original.Id}/blocks/{p1.Id}")
        {
            Content = JsonBody(new { text = "Changed." }),
        }.WithIfMatch("\"1\""))).AssertProblemAsync(HttpStatusCode.Forbidden);
        await _chair.PostAsync($"/api/documents/{original.Id}/open", null);
        await (await secretariat.PostAsync($"/api/documents/{original.Id}/amendments", JsonBody(new { kind = "delete", blockId = p1.Id, baseVersion = 1, quote = "English" })))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await secretariat.PutAsync($"/api/documents/{original.Id}/blocks/{p1.Id}/positions/SEC", JsonBody(new { stance = "support" })))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await secretariat.PostAsync($"/api/documents/{original.Id}/comments", JsonBody(new { blockId = p1.Id, text = "?" })))
            .AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await secretariat.PostAsync($"/api/documents/{original.Id}/adopt", null)).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_consensus_picture_counts_outdated_and_missing_per_language_and_the_adoption_record_says_which_versions_were_current()
    {
        var original = await factory.CreateOpenAsync(
            new { kind = "paragraph", label = "1", text = "States cooperate." },
            new { kind = "paragraph", label = "2", text = "States report." });
        var (p1, p2) = (original.Blocks[0], original.Blocks[1]);
        Assert.Equal(HttpStatusCode.Created, (await _chair.PostAsync($"/api/documents/{original.Id}/languages/fr",
            TextBody("Rapport\n\n1. Les États coopèrent.\n\n2. Les États font rapport.\n"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _chair.PostAsync($"/api/documents/{original.Id}/languages/es",
            TextBody("Informe\n\n1. Los Estados cooperan.\n\n2. Los Estados informan.\n"))).StatusCode);
        var esp = await factory.ClientForAsync("ESP");
        var amendment = await esp.ProposeAsync(original.Id, new { kind = "replace", blockId = p2.Id, baseVersion = 1, quote = "report", text = "report yearly" });
        await _chair.PostAsync($"/api/documents/{original.Id}/amendments/{amendment.Id}/accept", null);
        await _chair.PutAsync($"/api/documents/{original.Id}/languages/fr/blocks/{p2.Id}",
            JsonBody(new { text = "Les États font rapport chaque année.", translatesVersion = 2, expectedVersion = 1 }));

        var picture = await (await _chair.GetAsync($"/api/documents/{original.Id}/consensus")).ReadJsonAsync();
        var languages = picture["languages"]!.AsArray();
        Assert.Equal(["es:1/1/0", "fr:2/0/0"], languages.Select(l => $"{l!["language"]}:{l["current"]}/{l["outdated"]}/{l["missing"]}"));

        foreach (var block in new[] { p1, p2 })
        {
            Assert.Equal(HttpStatusCode.OK, (await _chair.PostAsync($"/api/documents/{original.Id}/blocks/{block.Id}/agree", null)).StatusCode);
        }

        // Only the original is adopted: an outdated version does not stand in the way, and the record says so.
        var adoption = await (await _chair.PostAsync($"/api/documents/{original.Id}/adopt", null)).ReadAsync<AdoptionResponse>();
        Assert.Equal([new LanguageAtAdoption("es", false, 1, 0), new LanguageAtAdoption("fr", true, 0, 0)], adoption.Languages);
        Assert.Equal(adoption.Languages, (await (await _chair.GetAsync($"/api/documents/{original.Id}/adoption")).ReadAsync<AdoptionResponse>()).Languages);
        // Adopted means frozen, in every language.
        await (await _chair.PutAsync($"/api/documents/{original.Id}/languages/es/blocks/{p2.Id}",
            JsonBody(new { text = "Los Estados informan cada año.", translatesVersion = 2, expectedVersion = 1 }))).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await _chair.PostAsync($"/api/documents/{original.Id}/languages/ru", TextBody("Доклад\n\n1. А.\n\n2. Б.\n"))).AssertProblemAsync(HttpStatusCode.Conflict);
    }
}
