using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OewgDrafting.Api.Infrastructure.Auth;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Api.Tests.Infrastructure;
using OewgDrafting.Domain.Delegations;

namespace OewgDrafting.Api.Tests.Security;

/// <summary>A server behind one named reverse proxy (10.0.0.1); each test request says which peer it comes from.</summary>
public sealed class BehindProxyFactory : DraftingApiFactory
{
    public const string PeerHeader = "X-Test-Peer";

    protected override bool SeedDemo => false;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimiting:PermitsPerSecond"] = "1",
        ["RateLimiting:Burst"] = "2",
        ["ForwardedHeaders:KnownProxies:0"] = "10.0.0.1",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, PeerAddressStartupFilter>());
    }

    private sealed class PeerAddressStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(context.Request.Headers[PeerHeader].ToString());
                return following(context);
            });
            next(app);
        };
    }
}

public class ForwardedAddressTests(BehindProxyFactory factory) : IClassFixture<BehindProxyFactory>
{
    [Fact]
    public async Task Behind_the_named_proxy_anonymous_callers_are_limited_by_their_own_forwarded_address()
    {
        await ExhaustAsync(peer: "10.0.0.1", forwardedFor: "203.0.113.5");

        // Another client behind the same proxy has its own budget.
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync("10.0.0.1", "203.0.113.6")).StatusCode);
    }

    [Fact]
    public async Task A_forwarded_address_from_anyone_but_the_named_proxy_is_not_believed()
    {
        await ExhaustAsync(peer: "198.51.100.9", forwardedFor: "203.0.113.7");

        // Claiming another address does not buy a new budget: the caller is still its connection's address.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await SendAsync("198.51.100.9", "203.0.113.8")).StatusCode);
    }

    private async Task ExhaustAsync(string peer, string forwardedFor)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await SendAsync(peer, forwardedFor)).StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }

    private async Task<HttpResponseMessage> SendAsync(string peer, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/documents");
        request.Headers.Add(BehindProxyFactory.PeerHeader, peer);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return await factory.CreateClient().SendAsync(request);
    }
}

public class UnknownKeyTests(DraftingApiFactory factory) : IClassFixture<DraftingApiFactory>
{
    [Fact]
    public async Task An_unknown_key_is_remembered_as_refused_for_a_while_and_forgotten_at_the_next_registry_change()
    {
        // On PostgreSQL the notifier forgets every cached key when its LISTEN connection comes up.
        await factory.WaitUntilReadyAsync();
        var cache = factory.Services.GetRequiredService<ApiKeyCache>();
        var plain = $"oewg_{Guid.NewGuid():N}";
        var hash = ApiKey.HashOf(plain);
        using var scope = factory.Services.CreateScope();
        Assert.Null(await cache.FindAsync(hash, scope.ServiceProvider, CancellationToken.None));

        // The key appears in the database behind the cache's back: the refusal stands until it expires.
        var db = scope.ServiceProvider.GetRequiredService<DraftingDbContext>();
        db.ApiKeys.Add(ApiKey.FromPlain(Guid.CreateVersion7(), Delegation.ChairCode, plain, "test", factory.Clock.GetUtcNow()));
        await db.SaveChangesAsync();
        Assert.Null(await cache.FindAsync(hash, scope.ServiceProvider, CancellationToken.None));
        factory.Clock.Advance(ApiKeyCache.UnknownAge);
        Assert.Equal(Delegation.ChairCode, (await cache.FindAsync(hash, scope.ServiceProvider, CancellationToken.None))?.Delegation);

        // A registry change forgets refusals at once: a newly issued key works on its first request.
        var other = $"oewg_{Guid.NewGuid():N}";
        Assert.Null(await cache.FindAsync(ApiKey.HashOf(other), scope.ServiceProvider, CancellationToken.None));
        db.ApiKeys.Add(ApiKey.FromPlain(Guid.CreateVersion7(), Delegation.ChairCode, other, "test", factory.Clock.GetUtcNow()));
        await db.SaveChangesAsync();
        cache.Clear();
        Assert.NotNull(await cache.FindAsync(ApiKey.HashOf(other), scope.ServiceProvider, CancellationToken.None));
    }
}
