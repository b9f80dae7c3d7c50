using System.Net;
using System.Text.Json.Nodes;
using OewgDrafting.Api.Features.CommentThreads;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Features.Events;
using OewgDrafting.Api.Tests.Infrastructure;
using OewgDrafting.Domain.Comments;
using static OewgDrafting.Api.Tests.Infrastructure.HttpExtensions;

namespace OewgDrafting.Api.Tests.CommentThreads;

/// <summary>
/// Delegations ask questions and leave remarks on words; the chair's office answers and resolves. A comment is anchored
/// to the words it quotes and follows them while they exist; a chair-only comment stays between its delegation and the chair.
/// </summary>
/// <summary>A class's tests share a key per delegation and a clock that does not move: the per-minute limit is lifted here.</summary>
public sealed class CommentsFactory : DraftingApiFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Comments:PerMinute"] = "100000" };
}

public class CommentTests(CommentsFactory factory) : IClassFixture<CommentsFactory>
{
    private readonly HttpClient _chair = factory.ChairClient();

    private async Task<(DocumentResponse Document, BlockResponse Paragraph)> OpenDocumentAsync()
    {
        var document = await factory.CreateOpenAsync(
            new { kind = "paragraph", label = "1", text = "States shall take the relevant measures, and relevant bodies shall report." },
            new { kind = "paragraph", label = "2", text = "Second paragraph." });
        return (document, document.Blocks[0]);
    }

    private static async Task<CommentResponse> PostAsync(HttpClient client, Guid documentId, object body)
    {
        var response = await client.PostAsync($"/api/documents/{documentId}/comments", JsonBody(body));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadAsync<CommentResponse>();
    }

    private static async Task<CommentPage> ListAsync(HttpClient client, Guid documentId, string query = "") =>
        await (await client.GetAsync($"/api/documents/{documentId}/comments{query}")).ReadAsync<CommentPage>();

    [Fact]
    public async Task A_question_on_a_quote_is_answered_and_the_chair_resolves_and_reopens_the_thread()
    {
        var (document, p1) = await OpenDocumentAsync();
        var esp = await factory.ClientForAsync("ESP");

        var question = await PostAsync(esp, document.Id, new
        {
            blockId = p1.Id, quote = "relevant", occurrence = 1, blockVersion = p1.Version, text = "What does 'relevant' cover here?",
        });
        Assert.Equal(("ESP", CommentVisibility.Participants, CommentStatus.Open, 0), (question.Author, question.Visibility, question.Status, question.Depth));
        Assert.Equal(new CommentAnchorResponse(CommentAnchorState.Attached, "States shall take the ".Length, "relevant".Length), question.Anchor);
        Assert.Equal(question.Id, question.ThreadId);

        var answer = await PostAsync(_chair, document.Id, new { parentId = question.Id, text = "Those of the United Nations system." });
        Assert.Equal((question.Id, question.Id, 1, p1.Id, "CHAIR"), (answer.ThreadId, answer.ParentId!.Value, answer.Depth, answer.BlockId, answer.Author));

        var resolved = await (await _chair.PostAsync($"/api/documents/{document.Id}/comments/{question.Id}/resolve", null)).ReadAsync<CommentResponse>();
        Assert.Equal(CommentStatus.Resolved, resolved.Status);
        Assert.Equal(CommentStatus.Resolved, (await (await esp.GetAsync($"/api/documents/{document.Id}/comments/{answer.Id}")).ReadAsync<CommentResponse>()).Status);
        await (await _chair.PostAsync($"/api/documents/{document.Id}/comments/{question.Id}/resolve", null)).AssertProblemAsync(HttpStatusCode.Conflict);
        // A resolved thread takes no replies until the chair reopens it; only the chair resolves and reopens.
        await (await esp.PostAsync($"/api/documents/{document.Id}/comments", JsonBody(new { parentId = question.Id, text = "Thanks." })))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        await (await esp.PostAsync($"/api/documents/{document.Id}/comments/{question.Id}/reopen", null)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await _chair.PostAsync($"/api/documents/{document.Id}/comments/{answer.Id}/reopen", null)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(CommentStatus.Open,
            (await (await _chair.PostAsync($"/api/documents/{document.Id}/comments/{question.Id}/reopen", null)).ReadAsync<CommentResponse>()).Status);

        // Every change is an event, with who did it.
        var events = await (await esp.GetAsync($"/api/documents/{document.Id}/events?after=0")).ReadAsync<EventPage>();
        Assert.Equal(["commentAdded:ESP", "commentAdded:CHAIR", "commentThreadResolved:CHAIR", "commentThreadReopened:CHAIR"],
            events.Events.Where(e => e.Type.StartsWith("comment", StringComparison.Ordinal)).Select(e => $"{e.Type}:{e.Actor}"));
        Assert.Equal("What does 'relevant' cover here?", events.Events.First(e => e.Type == "commentAdded").Data.GetProperty("text").GetString());

        var open = await ListAsync(esp, document.Id, "?status=open");
        Assert.Equal([question.Id, answer.Id], open.Comments.Select(c => c.Id));
        Assert.Empty((await ListAsync(esp, document.Id, "?status=resolved")).Comments);
    }

    [Fact]
    public async Task The_compilation_and_its_json_show_the_open_threads_per_paragraph()
    {
        var (document, p1) = await OpenDocumentAsync();
        var esp = await factory.ClientForAsync("ESP");
        var first = await PostAsync(esp, document.Id, new { blockId = p1.Id, text = "A question." });
        await PostAsync(esp, document.Id, new { blockId = p1.Id, text = "Another question." });
        await PostAsync(esp, document.Id, new { parentId = first.Id, text = "A reply is not a thread." });
        await PostAsync(esp, document.Id, new { blockId = p1.Id, text = "For the chair only.", visibility = "chair" });
        await _chair.PostAsync($"/api/documents/{document.Id}/comments/{first.Id}/resolve", null);

        var json = await (await _chair.GetAsync($"/api/documents/{document.Id}/text?view=compilation&format=json")).ReadJsonAsync();
        var counts = json["items"]!.AsArray().Where(i => i!["type"]!.GetValue<string>() == "block")
            .ToDictionary(i => i!["label"]!.GetValue<string>(), i => i!["openComments"]!.GetValue<int>());
        Assert.Equal(new Dictionary<string, int> { ["1"] = 1, ["2"] = 0 }, counts);
        var markdown = await _chair.GetStringAsync($"/api/documents/{document.Id}/text?view=compilation&format=markdown");
        Assert.Contains("> 1 open comment", markdown);
        var html = await _chair.GetStringAsync($"/api/documents/{document.Id}/text?view=compilation&format=html");
        Assert.Contains($"<p class=\"open-comments\" data-block=\"{p1.Id}\" data-count=\"1\">1 open comment</p>", html);
    }

    [Fact]
    public async Task A_comment_follows_its_quote_when_the_paragraph_changes_and_is_detached_when_the_words_are_gone()
    {
        var document = await factory.CreateDraftAsync(
            new { kind = "paragraph", label = "1", text = "States shall take the relevant measures." });
        var p1 = document.Blocks[0];
        await _chair.PostAsync($"/api/documents/{document.Id}/open", null);
        var esp = await factory.ClientForAsync("ESP");
        var comment = await PostAsync(esp, document.Id, new { blockId = p1.Id, quote = "relevant measures", text = "Which ones?" });

        await Edit(p1.Id, 1, "All States shall take the relevant measures.");
        var moved = await (await esp.GetAsync($"/api/documents/{document.Id}/comments/{comment.Id}")).ReadAsync<CommentResponse>();
        Assert.Equal(new CommentAnchorResponse(CommentAnchorState.Reanchored, "All States shall take the ".Length, "relevant measures".Length), moved.Anchor);

        await Edit(p1.Id, 2, "All States shall take appropriate steps.");
        var detached = await (await esp.GetAsync($"/api/documents/{document.Id}/comments/{comment.Id}")).ReadAsync<CommentResponse>();
        Assert.Equal(new CommentAnchorResponse(CommentAnchorState.Detached, null, null), detached.Anchor);
        Assert.Equal(("relevant measures", 1), (detached.Quote, detached.BlockVersion));

        // A comment on the paragraph as a whole has nothing to lose.
        var whole = await PostAsync(esp, document.Id, new { blockId = p1.Id, text = "On the whole paragraph." });
        Assert.Equal(CommentAnchorState.Paragraph, whole.Anchor.State);

        async Task Edit(Guid blockId, int version, string text)
        {
            var response = await _chair.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/documents/{document.Id}/blocks/{blockId}")
            {
                Content = JsonBody(new { text }),
            }.WithIfMatch($"\"{version}\""));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task A_quote_that_occurs_twice_keeps_its_occurrence_only_while_the_count_is_the_same()
    {
        var document = await factory.CreateDraftAsync(new { kind = "paragraph", label = "1", text = "the relevant bodies and the relevant measures." });
        var p1 = document.Blocks[0];
        var esp = await factory.ClientForAsync("ESP");
        var problem = await (await esp.PostAsync($"/api/documents/{document.Id}/comments", JsonBody(new { blockId = p1.Id, quote = "relevant", text = "?" })))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Contains("occurs 2 times", problem["errors"]!["occurrence"]![0]!.GetValue<string>());
        var second = await PostAsync(esp, document.Id, new { blockId = p1.Id, quote = "relevant", occurrence = 2, text = "The second one." });
        Assert.Equal("the relevant bodies and the ".Length, second.Anchor.Start);

        await _chair.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/documents/{document.Id}/blocks/{p1.Id}")
        {
            Content = JsonBody(new { text = "All the relevant bodies and the relevant measures." }),
        }.WithIfMatch("\"1\""));
        Assert.Equal("All the relevant bodies and the ".Length,
            (await (await esp.GetAsync($"/api/documents/{document.Id}/comments/{second.Id}")).ReadAsync<CommentResponse>()).Anchor.Start);

        await _chair.SendAsync(new HttpRequestMessage(HttpMethod.Put, $"/api/documents/{document.Id}/blocks/{p1.Id}")
        {
            Content = JsonBody(new { text = "The relevant bodies, the relevant measures and the relevant means." }),
        }.WithIfMatch("\"2\""));
        // Three occurrences now: the second may name other words, so the comment is not moved onto them.
        Assert.Equal(CommentAnchorState.Detached,
            (await (await esp.GetAsync($"/api/documents/{document.Id}/comments/{second.Id}")).ReadAsync<CommentResponse>()).Anchor.State);
    }

    [Fact]
    public async Task A_chair_only_comment_is_seen_by_its_delegation_and_the_chair_and_by_no_one_else_anywhere()
    {
        var (document, p1) = await OpenDocumentAsync();
        var esp = await factory.ClientForAsync("ESP");
        var fra = await factory.ClientForAsync("FRA");
        var observer = await factory.ClientForAsync("ICRC");
        await factory.EnsureDelegationAsync("SEC", "secretariat");
        var secretariat = await factory.ClientForAsync("SEC");

        var secret = await PostAsync(esp, document.Id, new { blockId = p1.Id, text = "Our capital cannot accept 'shall'.", visibility = "chair" });
        var reply = await PostAsync(_chair, document.Id, new { parentId = secret.Id, text = "Noted; let us talk." });
        var shared = await PostAsync(fra, document.Id, new { blockId = p1.Id, text = "A question for everyone." });
        Assert.Equal(CommentVisibility.Chair, reply.Visibility);

        // The role matrix: who sees the chair-only thread (both comments) in the list, one by one, and in the log.
        var matrix = new (string Who, HttpClient Client, bool Sees)[]
        {
            ("CHAIR", _chair, true), ("ESP", esp, true), ("FRA", fra, false), ("ICRC", observer, false), ("SEC", secretariat, false),
        };
        foreach (var (who, client, sees) in matrix)
        {
            var listed = (await ListAsync(client, document.Id)).Comments.Select(c => c.Id).ToList();
            Assert.True(sees == listed.Contains(secret.Id) && sees == listed.Contains(reply.Id), who);
            Assert.Contains(shared.Id, listed);
            foreach (var id in new[] { secret.Id, reply.Id })
            {
                var one = await client.GetAsync($"/api/documents/{document.Id}/comments/{id}");
                Assert.True(sees ? one.StatusCode == HttpStatusCode.OK : one.StatusCode == HttpStatusCode.NotFound, who);
            }

            var log = await (await client.GetAsync($"/api/documents/{document.Id}/events?after=0")).ReadAsync<EventPage>();
            var added = log.Events.Where(e => e.Type == "commentAdded").ToList();
            Assert.Equal(3, added.Count); // the sequence stays gap-free for everyone
            var raw = string.Join('\n', added.Select(e => e.Data.GetRawText()));
            Assert.True(sees == raw.Contains("cannot accept", StringComparison.Ordinal), who);
            Assert.True(sees == raw.Contains("let us talk", StringComparison.Ordinal), who);
            if (!sees)
            {
                Assert.Equal(["hidden", "hidden", "FRA"], added.Select(e => e.Actor));
                Assert.All(added.Take(2), e => Assert.Empty(e.Touches));
            }
        }

        // The stream hides them the same way.
        using var stream = new HttpRequestMessage(HttpMethod.Get, $"/api/documents/{document.Id}/events");
        stream.Headers.Accept.ParseAdd("text/event-stream");
        stream.Headers.Add("Last-Event-ID", "0");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        using var response = await fra.SendAsync(stream, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
        var seen = new System.Text.StringBuilder();
        while (!seen.ToString().Contains("A question for everyone", StringComparison.Ordinal) && await reader.ReadLineAsync(cancel.Token) is { } line)
        {
            seen.AppendLine(line);
        }

        Assert.DoesNotContain("cannot accept", seen.ToString());
        Assert.Contains("\"hidden\":true", seen.ToString());

        // Nobody else can reply to, edit, resolve or even find it.
        await (await fra.PostAsync($"/api/documents/{document.Id}/comments", JsonBody(new { parentId = secret.Id, text = "Me too." })))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        await (await fra.PutAsync($"/api/documents/{document.Id}/comments/{secret.Id}", JsonBody(new { text = "x", expectedVersion = 1 })))
            .AssertProblemAsync(HttpStatusCode.NotFound);
        // The compilation counts only what everyone may read.
        var json = await (await fra.GetAsync($"/api/documents/{document.Id}/text?view=compilation&format=json")).ReadJsonAsync();
        Assert.Equal(1, json["items"]!.AsArray().First(i => i!["type"]!.GetValue<string>() == "block")!["openComments"]!.GetValue<int>());
    }

    [Fact]
    public async Task Authors_edit_and_delete_their_own_comments_until_someone_replies()
    {
        var (document, p1) = await OpenDocumentAsync();
        var esp = await factory.ClientForAsync("ESP");
        var fra = await factory.ClientForAsync("FRA");
        var comment = await PostAsync(esp, document.Id, new { blockId = p1.Id, text = "First wording." });
        var url = $"/api/documents/{document.Id}/comments/{comment.Id}";

        await (await fra.PutAsync(url, JsonBody(new { text = "Hijacked.", expectedVersion = 1 }))).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await fra.DeleteAsync(url)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await _chair.DeleteAsync(url)).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await esp.PutAsync(url, JsonBody(new { text = "Second wording." }))).AssertProblemAsync(HttpStatusCode.PreconditionRequired);
        await (await esp.SendAsync(new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonBody(new { text = "Second wording." }) }.WithIfMatch("\"5\"")))
            .AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        var edited = await esp.SendAsync(new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonBody(new { text = "Second wording." }) }.WithIfMatch("\"1\""));
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal(("Second wording.", 2), ((await edited.ReadAsync<CommentResponse>()).Text, (await edited.ReadAsync<CommentResponse>()).Version));
        await (await esp.PutAsync(url, JsonBody(new { text = "Third.", expectedVersion = 1 }))).AssertProblemAsync(HttpStatusCode.Conflict);

        await PostAsync(fra, document.Id, new { parentId = comment.Id, text = "A reply." });
        await (await esp.PutAsync(url, JsonBody(new { text = "Rewritten after the reply.", expectedVersion = 2 }))).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await esp.DeleteAsync(url)).AssertProblemAsync(HttpStatusCode.Conflict);

        var lonely = await PostAsync(esp, document.Id, new { blockId = p1.Id, text = "To be deleted." });
        Assert.Equal(HttpStatusCode.NoContent, (await esp.DeleteAsync($"/api/documents/{document.Id}/comments/{lonely.Id}")).StatusCode);
        await (await esp.GetAsync($"/api/documents/{document.Id}/comments/{lonely.Id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        var events = await (await esp.GetAsync($"/api/documents/{document.Id}/events?after=0")).ReadAsync<EventPage>();
        Assert.Contains(events.Events, e => e.Type == "commentEdited" && e.Actor == "ESP");
        Assert.Contains(events.Events, e => e.Type == "commentDeleted" && e.Data.GetProperty("text").GetString() == "To be deleted.");
    }

    [Fact]
    public async Task Bad_comments_are_problems_that_write_nothing()
    {
        var (document, p1) = await OpenDocumentAsync();
        var esp = await factory.ClientForAsync("ESP");
        var observer = await factory.ClientForAsync("ICRC");
        var before = (await (await _chair.GetAsync($"/api/documents/{document.Id}")).ReadAsync<DocumentResponse>()).Version;
        var url = $"/api/documents/{document.Id}/comments";

        var cases = new (HttpClient Client, object Body, HttpStatusCode Status, string? Field)[]
        {
            (esp, new { blockId = p1.Id }, HttpStatusCode.UnprocessableEntity, "text"),
            (esp, new { blockId = p1.Id, text = "   " }, HttpStatusCode.UnprocessableEntity, "text"),
            (esp, new { blockId = p1.Id, text = new string('x', Comment.MaxTextLength + 1) }, HttpStatusCode.UnprocessableEntity, "text"),
            (esp, new { text = "Where?" }, HttpStatusCode.UnprocessableEntity, "blockId"),
            (esp, new { blockId = p1.Id, parentId = Guid.NewGuid(), text = "Both?" }, HttpStatusCode.UnprocessableEntity, "blockId"),
            (esp, new { blockId = p1.Id, quote = "not in the text", text = "?" }, HttpStatusCode.UnprocessableEntity, "quote"),
            (esp, new { blockId = p1.Id, quote = "States", occurrence = 3, text = "?" }, HttpStatusCode.UnprocessableEntity, "occurrence"),
            (esp, new { blockId = p1.Id, occurrence = 1, text = "?" }, HttpStatusCode.UnprocessableEntity, "occurrence"),
            (esp, new { blockId = p1.Id, blockVersion = 9, text = "?" }, HttpStatusCode.Conflict, null),
            (esp, new { blockId = Guid.NewGuid(), text = "?" }, HttpStatusCode.NotFound, null),
            (esp, new { parentId = Guid.NewGuid(), text = "?" }, HttpStatusCode.NotFound, null),
            (observer, new { blockId = p1.Id, text = "Observers read." }, HttpStatusCode.Forbidden, null),
            (factory.CreateClient(), new { blockId = p1.Id, text = "Anonymous." }, HttpStatusCode.Unauthorized, null),
        };
        foreach (var (client, body, status, field) in cases)
        {
            var problem = await (await client.PostAsync(url, JsonBody(body))).AssertProblemAsync(status);
            if (field is not null)
            {
                Assert.NotNull(problem["errors"]?[field]);
            }
        }

        await (await esp.PostAsync(url, JsonBody("{\"blockId\": "))).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await esp.PostAsync(url, JsonBody(new { blockId = p1.Id, text = "?", visibility = "everyone" }))).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await esp.GetAsync(url + "?status=closed")).AssertProblemAsync(HttpStatusCode.BadRequest);
        await (await esp.GetAsync(url + "?limit=0")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await esp.GetAsync($"/api/documents/{Guid.NewGuid()}/comments")).AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal(0, (await ListAsync(_chair, document.Id)).Total);
        Assert.Equal(before, (await (await _chair.GetAsync($"/api/documents/{document.Id}")).ReadAsync<DocumentResponse>()).Version);
    }

    [Fact]
    public async Task A_thread_is_at_most_eight_replies_deep_and_pages_filter_by_block_and_delegation()
    {
        var (document, p1) = await OpenDocumentAsync();
        var p2 = document.Blocks[1];
        var esp = await factory.ClientForAsync("ESP");
        var fra = await factory.ClientForAsync("FRA");
        var parent = await PostAsync(esp, document.Id, new { blockId = p1.Id, text = "Depth 0." });
        for (var depth = 1; depth <= Comment.MaxDepth; depth++)
        {
            parent = await PostAsync(depth % 2 == 0 ? esp : fra, document.Id, new { parentId = parent.Id, text = $"Depth {depth}." });
            Assert.Equal(depth, parent.Depth);
        }

        await (await esp.PostAsync($"/api/documents/{document.Id}/comments", JsonBody(new { parentId = parent.Id, text = "Too deep." })))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        await PostAsync(fra, document.Id, new { blockId = p2.Id, text = "On paragraph 2." });

        Assert.Equal(10, (await ListAsync(esp, document.Id)).Total);
        Assert.Equal(1, (await ListAsync(esp, document.Id, $"?blockId={p2.Id}")).Total);
        Assert.Equal(5, (await ListAsync(esp, document.Id, "?delegation=fra")).Total);
        var page = await ListAsync(esp, document.Id, "?offset=8&limit=5");
        Assert.Equal((10, 8, 5, 2), (page.Total, page.Offset, page.Limit, page.Comments.Count));
    }
}

public sealed class TightCommentLimitFactory : DraftingApiFactory
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Comments:PerMinute"] = "3" };
}

public class CommentRateTests(TightCommentLimitFactory factory) : IClassFixture<TightCommentLimitFactory>
{
    [Fact]
    public async Task A_key_posting_more_comments_a_minute_than_allowed_gets_429_with_Retry_After_and_writes_nothing()
    {
        var document = await factory.CreateOpenAsync();
        var esp = await factory.ClientForAsync("ESP");
        var fra = await factory.ClientForAsync("FRA");
        var body = JsonBody(new { blockId = document.Blocks[1].Id, text = "Again." });
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await esp.PostAsync($"/api/documents/{document.Id}/comments", JsonBody(new { blockId = document.Blocks[1].Id, text = $"Comment {i}." }))).StatusCode);
        }

        var limited = await esp.PostAsync($"/api/documents/{document.Id}/comments", body);
        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.NotNull(limited.Headers.RetryAfter);
        // Another key is not affected.
        Assert.Equal(HttpStatusCode.Created, (await fra.PostAsync($"/api/documents/{document.Id}/comments", JsonBody(new { blockId = document.Blocks[1].Id, text = "Mine." }))).StatusCode);
        var listed = await (await esp.GetAsync($"/api/documents/{document.Id}/comments")).ReadAsync<CommentPage>();
        Assert.Equal(4, listed.Total);
        Assert.Contains("3 comments a minute", (await limited.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }
}
