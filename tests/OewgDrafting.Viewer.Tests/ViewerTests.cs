using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using OewgDrafting.Api.Tests.Infrastructure;

namespace OewgDrafting.Viewer.Tests;

/// <summary>
/// The reference viewer in a real browser (Chromium), against the real application on Kestrel with the demo loaded:
/// what a reader sees, that it follows the negotiation live, that nothing from the API can run as script, and that
/// it is usable by keyboard, on a phone and with assistive technology.
/// </summary>
public sealed class ViewerTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string Demo = "A/AC.292/2025/L.1";
    private ViewerServer Server => fixture.Server;

    private async Task<JsonObject> DemoAsync()
    {
        var documents = await Server.Http(DraftingApiFactory.ChairKey).GetFromJsonAsync<JsonArray>("api/documents");
        var summary = documents!.Single(d => (string?)d!["symbol"] == Demo)!;
        return (await Server.Http(DraftingApiFactory.ChairKey).GetFromJsonAsync<JsonObject>($"api/documents/{summary["id"]}"))!;
    }

    /// <summary>The demo under negotiation (opened once; the zero draft is revision 0).</summary>
    private async Task<JsonObject> OpenDemoAsync()
    {
        var demo = await DemoAsync();
        if ((string?)demo["status"] == "draft")
        {
            var opened = await Server.Http(DraftingApiFactory.ChairKey).PostAsync($"api/documents/{demo["id"]}/open", null);
            Assert.True(opened.IsSuccessStatusCode || opened.StatusCode == HttpStatusCode.Conflict, await opened.Content.ReadAsStringAsync());
            demo = await DemoAsync();
        }

        return demo;
    }

    private static JsonNode Block(JsonObject document, string label) =>
        document["blocks"]!.AsArray().Single(b => (string?)b!["label"] == label && (string?)b["kind"] == "paragraph")!;

    private async Task<JsonObject> ProposeAsync(string delegation, object amendment)
    {
        var key = await Server.KeyForAsync(delegation);
        var demo = await DemoAsync();
        var response = await Server.Http(key).PostAsJsonAsync($"api/documents/{demo["id"]}/amendments", amendment, HttpExtensions.Json);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static async Task SignInAsync(IPage page, string key = DraftingApiFactory.ChairKey)
    {
        await page.GotoAsync("viewer/");
        await page.FillAsync("#key", key);
        await page.PressAsync("#key", "Enter");
        await page.WaitForSelectorAsync("#content[data-renders]");
    }

    private static async Task ShowAsync(IPage page, string view)
    {
        var before = await page.GetAttributeAsync("#content", "data-renders");
        await page.ClickAsync($"[data-view={view}]");
        await page.WaitForFunctionAsync(
            "([view, before]) => { const c = document.getElementById('content'); return c.dataset.shown === view && c.dataset.renders !== before; }",
            new object?[] { view, before });
    }

    [BrowserFact]
    public async Task The_clean_text_shows_paragraphs_1_to_18_and_the_annex_placeholder_highlighted()
    {
        var page = await fixture.NewPageAsync();
        await SignInAsync(page);

        var labels = await page.Locator("#content p.paragraph > .label").AllInnerTextsAsync();
        Assert.Equal(Enumerable.Range(1, 18).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)), labels);
        Assert.Equal("es", await page.GetAttributeAsync("#content", "lang"));
        Assert.Contains("Introducción", await page.InnerTextAsync("#content"), StringComparison.Ordinal);

        var placeholder = page.Locator("#content mark.bracket.placeholder");
        Assert.Equal(1, await placeholder.CountAsync());
        Assert.Equal("[por completar]", await placeholder.InnerTextAsync());
        var background = await placeholder.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
        Assert.NotEqual("rgba(0, 0, 0, 0)", background);

        // References are links (a resolution number leads to its document).
        var reference = page.Locator("#content a.reference", new PageLocatorOptions { HasTextString = "75/240" }).First;
        Assert.Equal("https://undocs.org/A/RES/75/240", await reference.GetAttributeAsync("href"));
    }

    [BrowserFact]
    public async Task A_proposal_made_over_HTTP_appears_in_the_open_compilation_within_two_seconds_without_a_reload()
    {
        var demo = await OpenDemoAsync();
        var page = await fixture.NewPageAsync();
        await SignInAsync(page);
        await ShowAsync(page, "compilation");
        await page.EvaluateAsync("() => { window.__samePage = true; }");
        await page.WaitForSelectorAsync("#live.on");

        var paragraph = Block(demo, "3");
        var amendment = await ProposeAsync("ESP", new
        {
            kind = "replaceParagraph",
            blockId = (string)paragraph["id"]!,
            baseVersion = (int)paragraph["version"]!,
            text = "Texto propuesto por España para el párrafo 3.",
        });

        var item = page.Locator($"#content li[data-amendment='{amendment["id"]}']");
        await Assertions.Expect(item).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 2000 });
        Assert.Contains("proposed by ESP", await item.InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__samePage === true"), "the page was reloaded");
    }

    [BrowserFact]
    public async Task The_open_viewer_scrolls_to_and_highlights_the_paragraph_the_chair_points_to_within_two_seconds_and_can_stop_following()
    {
        var demo = await OpenDemoAsync();
        var page = await fixture.NewPageAsync();
        await SignInAsync(page);
        await page.WaitForSelectorAsync("#live.on");

        var paragraph = Block(demo, "17");
        var pointed = await Server.Http(DraftingApiFactory.ChairKey).PutAsJsonAsync($"api/documents/{demo["id"]}/on-the-table",
            new { blockId = (string)paragraph["id"]! }, HttpExtensions.Json);
        Assert.True(pointed.IsSuccessStatusCode, await pointed.Content.ReadAsStringAsync());

        var block = page.Locator($"#block-{paragraph["id"]}");
        await Assertions.Expect(block).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("on-the-table"), new LocatorAssertionsToHaveClassOptions { Timeout = 2000 });
        Assert.True(await block.EvaluateAsync<bool>("e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }"),
            "the paragraph on the table is scrolled into view");

        // Not following any more: the next pointer moves nothing on this page.
        await page.UncheckAsync("#follow");
        var other = Block(demo, "2");
        await Server.Http(DraftingApiFactory.ChairKey).PutAsJsonAsync($"api/documents/{demo["id"]}/on-the-table", new { blockId = (string)other["id"]! }, HttpExtensions.Json);
        var renders = await page.GetAttributeAsync("#content", "data-renders");
        await page.WaitForFunctionAsync("before => document.getElementById('content').dataset.renders !== before", renders);
        Assert.Equal(0, await page.Locator(".on-the-table").CountAsync());
    }

    [BrowserFact]
    public async Task The_decision_list_view_shows_the_proposed_handling_and_a_proposer_s_acceptance_live()
    {
        var demo = await OpenDemoAsync();
        var paragraph = Block(demo, "16");
        var amendment = await ProposeAsync("MEX", new
        {
            kind = "replaceParagraph",
            blockId = (string)paragraph["id"]!,
            baseVersion = (int)paragraph["version"]!,
            text = "Texto propuesto por México para el párrafo 16.",
        });
        var handling = await Server.Http(DraftingApiFactory.ChairKey).PutAsJsonAsync($"api/documents/{demo["id"]}/amendments/{amendment["id"]}/handling",
            new { handling = "bracket" }, HttpExtensions.Json);
        Assert.True(handling.IsSuccessStatusCode, await handling.Content.ReadAsStringAsync());

        var page = await fixture.NewPageAsync();
        await SignInAsync(page);
        await ShowAsync(page, "decisions");
        await page.WaitForSelectorAsync("#live.on");
        var row = page.Locator($"#content tr[data-amendments~='{amendment["id"]}']");
        Assert.Equal("bracket", await row.Locator("td.handling").InnerTextAsync());
        Assert.Equal("—", await row.Locator("td.answer").InnerTextAsync());

        var answered = await Server.Http(await Server.KeyForAsync("MEX")).PostAsync($"api/documents/{demo["id"]}/amendments/{amendment["id"]}/handling/accept", null);
        Assert.True(answered.IsSuccessStatusCode, await answered.Content.ReadAsStringAsync());
        await Assertions.Expect(row.Locator("td.answer")).ToHaveTextAsync("MEX accepted", new LocatorAssertionsToHaveTextOptions { Timeout = 2000 });
    }

    [BrowserFact]
    public async Task An_amendment_text_with_markup_is_shown_as_text_and_runs_nothing()
    {
        var demo = await OpenDemoAsync();
        const string hostile = "<img src=x onerror=alert(1)>";
        var page = await fixture.NewPageAsync();
        var dialogs = 0;
        page.Dialog += (_, dialog) =>
        {
            dialogs++;
            _ = dialog.DismissAsync();
        };
        var consoleErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Add(message.Text);
            }
        };

        var paragraph = Block(demo, "4");
        await ProposeAsync("FRA", new
        {
            kind = "replaceParagraph",
            blockId = (string)paragraph["id"]!,
            baseVersion = (int)paragraph["version"]!,
            text = hostile,
        });
        await SignInAsync(page);
        await ShowAsync(page, "compilation");

        await Assertions.Expect(page.Locator("#content q", new PageLocatorOptions { HasTextString = hostile })).ToHaveCountAsync(1);
        Assert.Equal(0, await page.Locator("#content img").CountAsync());
        await page.WaitForTimeoutAsync(300);
        Assert.Equal(0, dialogs);
        Assert.DoesNotContain(consoleErrors, e => e.Contains("Content Security Policy", StringComparison.Ordinal));
    }

    [BrowserFact]
    public async Task The_page_allows_no_inline_script_and_keeps_the_key_out_of_urls_and_lasting_storage()
    {
        var page = await fixture.NewPageAsync();
        var response = await page.GotoAsync("viewer/");
        var policy = await response!.HeaderValueAsync("content-security-policy");
        Assert.NotNull(policy);
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);

        // An inline script cannot run on the page.
        await page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.__inline = 1'; document.body.append(s); }");
        Assert.False(await page.EvaluateAsync<bool>("() => window.__inline === 1"));

        await page.FillAsync("#key", DraftingApiFactory.ChairKey);
        await page.PressAsync("#key", "Enter");
        await page.WaitForSelectorAsync("#content[data-renders]");
        Assert.DoesNotContain(DraftingApiFactory.ChairKey, page.Url, StringComparison.Ordinal);
        Assert.Equal(DraftingApiFactory.ChairKey, await page.EvaluateAsync<string>("() => sessionStorage.getItem('oewg.viewer.key')"));
        Assert.Equal(0, await page.EvaluateAsync<int>("() => localStorage.length"));

        await page.ClickAsync("#forget");
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('oewg.viewer.key')"));
        Assert.True(await page.IsVisibleAsync("#key"));
    }

    [BrowserFact]
    public async Task A_wrong_key_is_refused_with_a_message_and_nothing_shown_and_the_form_says_where_keys_come_from()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("viewer/");
        // The key's field is described by where keys come from.
        Assert.Equal("key-help", await page.GetAttributeAsync("#key", "aria-describedby"));
        await Assertions.Expect(page.Locator("#key-help")).ToContainTextAsync("printed once when the server first starts");
        await page.FillAsync("#key", "not-a-key");
        await page.PressAsync("#key", "Enter");

        await Assertions.Expect(page.Locator("#message")).ToContainTextAsync("not accepted");
        Assert.Equal(string.Empty, await page.InnerTextAsync("#content"));
    }

    [BrowserFact]
    public async Task Consensus_and_redline_views_show_what_blocks_adoption_and_what_changed()
    {
        var demo = await OpenDemoAsync();
        var paragraph = Block(demo, "5");
        var amendment = await ProposeAsync("MEX", new
        {
            kind = "replaceParagraph",
            blockId = (string)paragraph["id"]!,
            baseVersion = (int)paragraph["version"]!,
            text = "Nuevo texto del párrafo 5.",
        });
        var accepted = await Server.Http(DraftingApiFactory.ChairKey).PostAsync($"api/documents/{demo["id"]}/amendments/{amendment["id"]}/accept", null);
        Assert.True(accepted.IsSuccessStatusCode, await accepted.Content.ReadAsStringAsync());

        var page = await fixture.NewPageAsync();
        await SignInAsync(page);
        await ShowAsync(page, "consensus");
        Assert.Contains("still block adoption", await page.InnerTextAsync("#content .summary"), StringComparison.Ordinal);
        Assert.True(await page.Locator("#content table tbody tr").CountAsync() > 0);

        await ShowAsync(page, "redline");
        var changed = page.Locator($"#content [data-block='{paragraph["id"]}']");
        await Assertions.Expect(changed.Locator("ins").First).ToBeVisibleAsync();
        Assert.Contains("párrafo", string.Concat(await changed.Locator("ins").AllInnerTextsAsync()), StringComparison.Ordinal);
        Assert.True(await page.Locator("#content del").CountAsync() > 0);
    }

    [BrowserFact]
    public async Task A_search_opens_its_paragraph_whose_history_unfolds_agreed_language_is_marked_and_convergence_is_charted()
    {
        var demo = await OpenDemoAsync();
        const string Sentence = "Subraya la importancia de las medidas de fomento de la confianza y la creación de capacidad.";
        var imported = await Server.Http(DraftingApiFactory.ChairKey).PostAsync("api/documents/import?kind=reference&symbol=A%2FRES%2F75%2F240%2FVIEWER&language=es",
            new StringContent($"Asamblea General\n\nResolución de prueba\n\nI. Decisiones\n\n1. {Sentence}\n", System.Text.Encoding.UTF8, "text/markdown"));
        Assert.True(imported.StatusCode == HttpStatusCode.Created, await imported.Content.ReadAsStringAsync());
        var paragraph = Block(demo, "6");
        await ProposeAsync("BRA", new { kind = "addParagraph", afterBlockId = (string)paragraph["id"]!, text = Sentence });

        var page = await fixture.NewPageAsync();
        await SignInAsync(page);
        var before = await page.GetAttributeAsync("#content", "data-renders");
        await page.FillAsync("#search", "negociaciones");
        await page.PressAsync("#search", "Enter");
        await page.WaitForFunctionAsync("b => { const c = document.getElementById('content'); return c.dataset.shown === 'search' && c.dataset.renders !== b; }", before);
        var first = page.Locator("#content .result a").First;
        Assert.Contains("A/AC.292/2025/L.1", await first.InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await page.Locator("#content .result mark.hit").CountAsync() > 0);

        await first.ClickAsync();
        await page.WaitForSelectorAsync("#content[data-shown=clean] .found");
        var toggle = page.Locator("#content details.history-toggle").First;
        await toggle.Locator("summary").ClickAsync();
        await Assertions.Expect(toggle.Locator("ol.history li").First).ToContainTextAsync("v1");

        await ShowAsync(page, "compilation");
        await Assertions.Expect(page.Locator("#content li.agreed-language").First).ToContainTextAsync("agreed language: A/RES/75/240/VIEWER, ¶1");

        await ShowAsync(page, "consensus");
        Assert.Equal(4, await page.Locator("#content svg.chart polyline").CountAsync());
        Assert.True(await page.Locator("#content table.convergence tbody tr").CountAsync() >= 2);
    }

    [BrowserFact]
    public async Task It_is_usable_by_keyboard_alone()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("viewer/");
        await page.Keyboard.PressAsync("Tab"); // the skip link
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("key", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await page.Keyboard.TypeAsync(DraftingApiFactory.ChairKey);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#content[data-renders]");

        for (var i = 0; i < 12 && await page.EvaluateAsync<string?>("() => document.activeElement.dataset.view ?? null") != "consensus"; i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Equal("consensus", await page.EvaluateAsync<string?>("() => document.activeElement.dataset.view ?? null"));
        var focusRing = await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle");
        Assert.NotEqual("none", focusRing);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForFunctionAsync("() => document.getElementById('content').dataset.shown === 'consensus'");
        Assert.Equal("true", await page.GetAttributeAsync("[data-view=consensus]", "aria-pressed"));
    }

    [BrowserFact]
    public async Task It_is_readable_on_a_phone_without_scrolling_sideways()
    {
        var page = await fixture.NewPageAsync(width: 390, height: 844);
        await SignInAsync(page);

        foreach (var view in new[] { "compilation", "consensus", "clean" })
        {
            await ShowAsync(page, view);
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
            Assert.True(overflow <= 0, $"the {view} view is {overflow}px wider than a phone's screen");
        }
    }

    [BrowserFact]
    public async Task Axe_finds_no_serious_or_critical_accessibility_violation_on_any_view()
    {
        await OpenDemoAsync();
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("viewer/");
        var problems = new List<string>();
        await CheckAsync("the key form");

        await SignInAsync(page);
        await CheckAsync("clean");
        foreach (var view in new[] { "compilation", "consensus", "redline", "decisions" })
        {
            await ShowAsync(page, view);
            await CheckAsync(view);
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));

        async Task CheckAsync(string where)
        {
            var result = await page.RunAxe();
            problems.AddRange(result.Violations
                .Where(v => v.Impact is "serious" or "critical")
                .Select(v => $"{where}: {v.Id} ({v.Impact}) {v.Help} — {string.Join(", ", v.Nodes.Take(3).Select(n => $"{n.Html[..Math.Min(200, n.Html.Length)]}: {string.Join("; ", n.Any.Concat(n.All).Concat(n.None).Select(c => c.Message))}"))}"));
        }
    }

    [BrowserFact]
    public async Task A_screenshot_of_the_compilation_for_the_readme()
    {
        var demo = await OpenDemoAsync();
        var paragraph = Block(demo, "1");
        var amendment = await ProposeAsync("ESP", new
        {
            kind = "replace",
            blockId = (string)paragraph["id"]!,
            baseVersion = (int)paragraph["version"]!,
            quote = "decidió",
            text = "resolvió",
            cosponsors = new[] { "MEX" },
            justification = "Estilo.",
        });
        var support = await Server.Http(await Server.KeyForAsync("BRA")).PutAsJsonAsync(
            $"api/documents/{demo["id"]}/amendments/{amendment["id"]}/positions/BRA", new { stance = "support" }, HttpExtensions.Json);
        Assert.True(support.IsSuccessStatusCode, await support.Content.ReadAsStringAsync());
        var page = await fixture.NewPageAsync(width: 1100, height: 820);
        await SignInAsync(page);
        await ShowAsync(page, "compilation");
        Assert.Equal(1, await page.Locator($"#content ins[data-amendment='{amendment["id"]}']").CountAsync());
        Assert.False(await page.IsVisibleAsync("#key-form"));
        Assert.False(await page.IsVisibleAsync("#redline-controls"));

        var path = Environment.GetEnvironmentVariable("OEWG_UPDATE_SCREENSHOT") == "1"
            ? Path.Combine(Fixtures.RepositoryRoot, "docs", "viewer.png")
            : Path.Combine(AppContext.BaseDirectory, "viewer.png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        Assert.True(new FileInfo(path).Length > 10_000);
    }
}
