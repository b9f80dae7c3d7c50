using System.Net;
using OewgDrafting.Api.Infrastructure.Http;
using OewgDrafting.Api.Tests.Infrastructure;

namespace OewgDrafting.Api.Tests.Security;

/// <summary>
/// The reference viewer's files are served without a key (they hold no negotiation data), under a policy that allows
/// no inline script; the API behind them still wants a key.
/// </summary>
public class ViewerServingTests(DraftingApiFactory factory) : IClassFixture<DraftingApiFactory>
{
    [Fact]
    public async Task The_viewer_is_served_without_a_key_under_a_policy_with_no_inline_script()
    {
        var anonymous = factory.CreateClient(new() { AllowAutoRedirect = false });

        var page = await anonymous.GetAsync("/viewer/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Matches(@"<script[^>]*\bsrc=""viewer\.js""", html);
        Assert.DoesNotMatch(@"<script(?![^>]*\bsrc=)[^>]*>", html); // no inline script
        Assert.DoesNotMatch(@"\son[a-z]+\s*=", html); // no inline event handlers
        Assert.DoesNotContain("<style", html);

        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Equal(SecurityHeadersMiddleware.ViewerPolicy, policy);
        Assert.Contains("script-src 'self'", policy);
        Assert.DoesNotContain("unsafe-inline", policy);
        Assert.DoesNotContain("unsafe-eval", policy);
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-cache", page.Headers.CacheControl?.ToString());

        foreach (var (file, mediaType) in new[] { ("viewer.js", "text/javascript"), ("text.js", "text/javascript"), ("viewer.css", "text/css") })
        {
            var asset = await anonymous.GetAsync($"/viewer/{file}");
            Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
            Assert.Equal(mediaType, asset.Content.Headers.ContentType?.MediaType);
            Assert.Equal("nosniff", asset.Headers.GetValues("X-Content-Type-Options").Single());
        }

        // The viewer's scripts never put API text into the page as HTML.
        foreach (var file in new[] { "viewer.js", "text.js" })
        {
            var script = await anonymous.GetStringAsync($"/viewer/{file}");
            Assert.DoesNotContain("innerHTML", script);
            Assert.DoesNotContain("insertAdjacentHTML", script);
            Assert.DoesNotContain("document.write", script);
        }
    }

    [Fact]
    public async Task The_root_leads_to_the_viewer_and_the_api_behind_it_still_wants_a_key()
    {
        var anonymous = factory.CreateClient(new() { AllowAutoRedirect = false });

        var root = await anonymous.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, root.StatusCode);
        Assert.Equal("/viewer/", root.Headers.Location?.OriginalString);

        await (await anonymous.GetAsync("/api/documents")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        // Only the viewer's own files: nothing above its folder, and no file that is not there.
        foreach (var path in new[] { "/viewer/%2E%2E/appsettings.json", "/viewer/..%2Fappsettings.json", "/viewer/missing.js" })
        {
            var response = await anonymous.GetAsync(path);
            Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain("ConnectionStrings", await response.Content.ReadAsStringAsync());
        }
    }
}
