// Who presides over a part of a document: the chair over all of it, a cluster's facilitators over their cluster.
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Meetings;

namespace OewgDrafting.Api.Infrastructure.Auth;

/// <summary>
/// The chair's powers over the blocks of one document (<see cref="BlockIds"/>): the paragraphs decided on, the section a
/// deadline is set for, the paragraph pointed to. <see cref="What"/> says what is done, for the refusal's detail.
/// </summary>
public sealed record PresidingScope(Guid DocumentId, IReadOnlyList<Guid> BlockIds, string What);

/// <summary>
/// Presiding: the chair always; a delegation when it facilitates a cluster. On an endpoint (the resource is the request),
/// a cluster of the route's document; on a <see cref="PresidingScope"/>, the cluster that holds every block named.
/// </summary>
public sealed class PresidingRequirement : IAuthorizationRequirement;

internal sealed class PresidingHandler(IServiceProvider services) : AuthorizationHandler<PresidingRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, PresidingRequirement requirement)
    {
        if (context.User.IsInRole(Roles.Chair))
        {
            context.Succeed(requirement);
            return;
        }

        if (!context.User.IsInRole(Roles.Delegation) || context.User.FindFirstValue(Claims.Delegation) is not { } caller)
        {
            return;
        }

        var db = services.GetRequiredService<DraftingDbContext>();
        switch (context.Resource)
        {
            case HttpContext http when http.GetRouteValue("documentId") is string raw && Guid.TryParse(raw, out var documentId):
                if ((await FacilitatedAsync(db, documentId, caller)).Count > 0)
                {
                    context.Succeed(requirement);
                }

                break;
            case PresidingScope scope:
                var clusters = await db.Clusters.AsNoTracking().Where(c => c.DocumentId == scope.DocumentId).ToListAsync();
                var mine = clusters.Where(c => c.IsFacilitatedBy(caller)).ToList();
                if (mine.Count == 0)
                {
                    context.Fail(new AuthorizationFailureReason(this, $"{caller} facilitates no cluster of this document: only the chair may {scope.What}."));
                    return;
                }

                var headings = await db.Blocks.AsNoTracking()
                    .Where(b => b.DocumentId == scope.DocumentId && b.Kind == BlockKind.Heading)
                    .Select(b => new SectionHeading(b.Id, b.Position, b.Level ?? 1, b.Label, b.Text))
                    .ToListAsync();
                var ids = scope.BlockIds.Distinct().ToList();
                var blocks = await db.Blocks.AsNoTracking().Where(b => b.DocumentId == scope.DocumentId && ids.Contains(b.Id))
                    .Select(b => new { b.Id, b.Position, b.Label }).ToListAsync();
                foreach (var id in ids)
                {
                    var block = blocks.FirstOrDefault(b => b.Id == id);
                    var holder = block is null ? null : ClusterRule.Holding(clusters, ClusterRule.Chain(headings, block.Position));
                    if (holder is null || !holder.IsFacilitatedBy(caller))
                    {
                        var where = block is null ? $"block '{id}'" : block.Label is { Length: > 0 } label ? $"paragraph {label}" : "that block";
                        var inside = holder is null ? "in no cluster" : $"in cluster \"{holder.Name}\"";
                        context.Fail(new AuthorizationFailureReason(this,
                            $"{caller} facilitates {string.Join(" and ", mine.Select(c => $"cluster \"{c.Name}\""))}, and {where} lies {inside}: only the chair or that cluster's facilitators may {scope.What}."));
                        return;
                    }
                }

                context.Succeed(requirement);
                break;
        }
    }

    /// <summary>The clusters of a document that <paramref name="caller"/> facilitates (a document has a handful: read whole).</summary>
    public static async Task<List<Cluster>> FacilitatedAsync(DraftingDbContext db, Guid documentId, string caller) =>
        (await db.Clusters.AsNoTracking().Where(c => c.DocumentId == documentId).ToListAsync()).Where(c => c.IsFacilitatedBy(caller)).ToList();
}

/// <summary>Checks, inside a command, that the caller presides over the blocks it acts on (see <see cref="PresidingRequirement"/>).</summary>
public sealed class PresidingCheck(IHttpContextAccessor accessor, IAuthorizationService authorization)
{
    /// <summary>
    /// Refuses with a 403 naming the caller's clusters unless the caller is the chair or facilitates the cluster holding
    /// every block. Work outside a request (the command line, start-up) is the secretariat's own and not checked here.
    /// </summary>
    public async Task EnsureAsync(Guid documentId, IEnumerable<Guid> blockIds, string what)
    {
        if (accessor.HttpContext?.User is not { } user)
        {
            return;
        }

        var result = await authorization.AuthorizeAsync(user, new PresidingScope(documentId, blockIds.ToList(), what), Policies.Presiding);
        if (!result.Succeeded)
        {
            throw new ForbiddenException(result.Failure?.FailureReasons.FirstOrDefault()?.Message ?? $"Only the chair may {what}.");
        }
    }

    public Task EnsureAsync(Guid documentId, Guid blockId, string what) => EnsureAsync(documentId, [blockId], what);
}
