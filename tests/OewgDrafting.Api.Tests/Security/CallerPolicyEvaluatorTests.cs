using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OewgDrafting.Api.Infrastructure.Auth;
using OewgDrafting.Api.Tests.Infrastructure;

namespace OewgDrafting.Api.Tests.Security;

/// <summary>
/// The authorization middleware allows what a key alone decides without running the handlers; it must decide as the
/// framework's evaluator does, for every endpoint and every kind of caller.
/// </summary>
public class CallerPolicyEvaluatorTests(DraftingApiFactory factory) : IClassFixture<DraftingApiFactory>
{
    [Fact]
    public void The_evaluator_in_use_is_the_callers_and_no_handler_can_fail_a_requirement_it_decides()
    {
        Assert.IsType<CallerPolicyEvaluator>(factory.Services.GetRequiredService<IPolicyEvaluator>());
        // A handler added for any requirement could refuse what the short way allows: review CallerPolicyEvaluator first.
        var handlers = factory.Services.GetServices<IAuthorizationHandler>().Select(h => h.GetType()).OrderBy(t => t.Name).ToList();
        Assert.Equal([typeof(ActsForHandler), typeof(PassThroughAuthorizationHandler), typeof(PublicReadHandler)], handlers);
    }

    [Fact]
    public async Task Every_endpoint_decides_for_every_role_as_the_frameworks_evaluator_does()
    {
        var services = factory.Services;
        var policies = services.GetRequiredService<IAuthorizationPolicyProvider>();
        var framework = new PolicyEvaluator(services.GetRequiredService<IAuthorizationService>());
        var ours = services.GetRequiredService<IPolicyEvaluator>();
        var endpoints = services.GetRequiredService<EndpointDataSource>().Endpoints
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null).ToList();
        var callers = new[] { Roles.Chair, Roles.Delegation, Roles.Observer, Roles.Secretariat }
            .Select(role => new CachedKey(Guid.NewGuid(), role == Roles.Chair ? "CHAIR" : "XYZ", role, 0)).ToList();
        int allowedShort = 0, refused = 0;

        foreach (var endpoint in endpoints)
        {
            var policy = await AuthorizationPolicy.CombineAsync(policies, endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>(),
                endpoint.Metadata.GetOrderedMetadata<AuthorizationPolicy>()) ?? await policies.GetFallbackPolicyAsync();
            Assert.NotNull(policy);
            foreach (var caller in callers)
            {
                var http = new DefaultHttpContext { User = caller.Principal, RequestServices = services };
                var expected = await framework.AuthorizeAsync(policy, await framework.AuthenticateAsync(policy, http), http, http);
                var actual = await ours.AuthorizeAsync(policy, await ours.AuthenticateAsync(policy, http), http, http);

                Assert.True(expected.Succeeded == actual.Succeeded,
                    $"{endpoint.DisplayName} as {caller.Principal.FindFirst(System.Security.Claims.ClaimTypes.Role)!.Value}: "
                    + $"framework {expected.Succeeded}, ours {actual.Succeeded}");
                Assert.Equal(expected.Forbidden, actual.Forbidden);
                Assert.Equal(expected.Challenged, actual.Challenged);
                allowedShort += CallerPolicyEvaluator.HoldsForTheCaller(policy, caller.Principal) ? 1 : 0;
                refused += expected.Succeeded ? 0 : 1;
            }
        }

        // Both ways were taken: the comparison covers the short way and the framework's refusals.
        Assert.True(endpoints.Count > 30, $"only {endpoints.Count} endpoints");
        Assert.True(allowedShort > endpoints.Count, $"the short way decided {allowedShort} times");
        Assert.True(refused > 10, $"{refused} refusals");
    }

    [Fact]
    public async Task An_anonymous_caller_is_decided_by_the_framework_and_refused()
    {
        var services = factory.Services;
        var policy = await services.GetRequiredService<IAuthorizationPolicyProvider>().GetPolicyAsync(Policies.Participant);
        var http = new DefaultHttpContext { RequestServices = services };
        var evaluator = services.GetRequiredService<IPolicyEvaluator>();

        var result = await evaluator.AuthorizeAsync(policy!, await evaluator.AuthenticateAsync(policy!, http), http, http);

        Assert.True(result.Challenged);
        Assert.False(CallerPolicyEvaluator.HoldsForTheCaller(new AuthorizationPolicyBuilder().AddRequirements(new ActsForRequirement()).Build(),
            new CachedKey(Guid.NewGuid(), "XYZ", Roles.Delegation, 0).Principal));
    }
}
