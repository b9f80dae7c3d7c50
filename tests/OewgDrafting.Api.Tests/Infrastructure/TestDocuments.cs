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

public static class TestNegotiations
{
    /// <summary>A draft (heading, paragraphs 1 and 2), opened for negotiation.</summary>
    public static async Task<DocumentResponse> CreateOpenAsync(this DraftingApiFactory factory, params object[] blocks)
    {
        var document = await factory.CreateDraftAsync(blocks);
        var opened = await factory.ChairClient().PostAsync($"/api/documents/{document.Id}/open", null);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        return await (await factory.ChairClient().GetAsync($"/api/documents/{document.Id}")).ReadAsync<DocumentResponse>();
    }

    /// <summary>Polls a silence procedure (the closer runs in the background) until <paramref name="done"/>, or 15 s.</summary>
    public static async Task<Features.Consensus.SilenceResponse> WaitForSilenceAsync(this HttpClient client, Guid documentId, Guid procedureId,
        Func<Features.Consensus.SilenceResponse, bool> done)
    {
        var until = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var procedure = (await (await client.GetAsync($"/api/documents/{documentId}/silence")).ReadAsync<List<Features.Consensus.SilenceResponse>>())
                .Single(s => s.Id == procedureId);
            if (done(procedure) || DateTime.UtcNow > until)
            {
                return procedure;
            }

            await Task.Delay(100);
        }
    }

    public static async Task<Features.Amendments.AmendmentResponse> ProposeAsync(this HttpClient client, Guid documentId, object body)
    {
        var response = await client.PostAsync($"/api/documents/{documentId}/amendments", JsonBody(body));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadAsync<Features.Amendments.AmendmentResponse>();
    }
}
