using System.Net;
using OewgDrafting.Api.Features.Documents;
using static OewgDrafting.Api.Tests.Infrastructure.HttpExtensions;

namespace OewgDrafting.Api.Tests.Infrastructure;

public static class TestDocuments
{
    /// <summary>Creates a small draft as the chair: a heading and two paragraphs, the first with alternatives.</summary>
    public static async Task<DocumentResponse> CreateDraftAsync(this DraftingApiFactory factory, params object[] blocks)
    {
        var response = await factory.ChairClient().PostAsync("/api/documents", JsonBody(new
        {
            symbol = $"A/AC.1/{Guid.NewGuid():N}"[..30],
            title = "Draft declaration",
            language = "en",
            frontMatter = new[] { new { key = "body", text = "General Assembly", group = 0 } },
            blocks = blocks.Length > 0 ? blocks : new object[]
            {
                new { kind = "heading", label = "I.", level = 1, text = "Preamble" },
                new { kind = "paragraph", label = "1", text = "States [shall / should] cooperate." },
                new { kind = "paragraph", label = "2", text = "Second paragraph." },
            },
        }));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadAsync<DocumentResponse>();
    }
}
