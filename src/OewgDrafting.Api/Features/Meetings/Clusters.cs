using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Behaviours;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Delegations;
using OewgDrafting.Domain.Meetings;

namespace OewgDrafting.Api.Features.Meetings;

/// <summary>A section of a cluster: the heading that opens it.</summary>
public sealed record ClusterSection(Guid HeadingId, string? Label, string Text);

/// <summary>A cluster of sections and the delegations that facilitate it, with the chair's powers inside it.</summary>
public sealed record ClusterResponse(
    Guid Id,
    Guid DocumentId,
    string Name,
    IReadOnlyList<ClusterSection> Sections,
    IReadOnlyList<string> Facilitators,
    string SetBy,
    DateTimeOffset SetAt,
    int Version)
{
    public static ClusterResponse From(Cluster cluster, IReadOnlyDictionary<Guid, SectionHeading> headings) =>
        new(cluster.Id, cluster.DocumentId, cluster.Name,
            cluster.Sections.Where(headings.ContainsKey).Select(id => headings[id]).OrderBy(h => h.Position)
                .Select(h => new ClusterSection(h.Id, h.Label, h.Text)).ToList(),
            cluster.Facilitators, cluster.SetBy, cluster.SetAt, cluster.Version);
}

/// <summary>
/// POST or PUT body of a cluster: its name, the headings of its sections, one or two facilitator delegations; on PUT,
/// the version read (<c>expectedVersion</c>) so that two edits cannot silently overwrite each other.
/// </summary>
public sealed record ClusterRequest(string? Name, IReadOnlyList<Guid>? Sections, IReadOnlyList<string>? Facilitators, int? ExpectedVersion);

/// <summary>The chair groups sections into a cluster (or changes one) and names its facilitators.</summary>
public static class SetCluster
{
    public sealed record Command(Guid DocumentId, Guid? ClusterId, string? Name, IReadOnlyList<Guid>? Sections, IReadOnlyList<string>? Facilitators,
        int? ExpectedVersion) : ICommand<ClusterResponse>, IDocumentCommand;

    public sealed class Validator : IValidator<Command>
    {
        public void Validate(Command message, ValidationErrors errors)
        {
            if (string.IsNullOrWhiteSpace(message.Name))
            {
                errors.Add("name", "A cluster needs a name, e.g. \"II\" or \"Capacity-building\".");
            }
            else if (message.Name.Trim().Length > Cluster.MaxNameLength)
            {
                errors.Add("name", $"A cluster's name is at most {Cluster.MaxNameLength} characters.");
            }

            if (message.Sections is not { Count: > 0 })
            {
                errors.Add("sections", "Name at least one section, by the id of the heading that opens it.");
            }
            else if (message.Sections.Count > Cluster.MaxSections)
            {
                errors.Add("sections", $"A cluster has at most {Cluster.MaxSections} sections.");
            }

            var facilitators = message.Facilitators?.Select(f => f?.Trim().ToUpperInvariant()).ToList() ?? [];
            if (facilitators.Count is 0 or > Cluster.MaxFacilitators)
            {
                errors.Add("facilitators", $"Name one or two facilitator delegations (at most {Cluster.MaxFacilitators}).");
            }
            else if (facilitators.Any(f => string.IsNullOrEmpty(f) || f.Length > 12))
            {
                errors.Add("facilitators", "A facilitator is named by its delegation code (at most 12 characters).");
            }
            else if (facilitators.Distinct().Count() != facilitators.Count)
            {
                errors.Add("facilitators", "Name each facilitator once.");
            }

            if (message.ClusterId is not null && message.ExpectedVersion is null)
            {
                errors.Add("expectedVersion", "Give the version of the cluster you read (expectedVersion), so that no one's change is overwritten unseen.");
            }
        }
    }

    public sealed class Handler(DraftingDbContext db, EventJournal journal) : ICommandHandler<Command, ClusterResponse>
    {
        public async ValueTask<ClusterResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var document = await journal.OpenDocumentAsync(command.DocumentId, cancellationToken);
            document.EnsureNotAdopted();
            var clusters = await db.Clusters.Where(c => c.DocumentId == document.Id).ToListAsync(cancellationToken);
            Cluster cluster;
            if (command.ClusterId is { } clusterId)
            {
                cluster = clusters.SingleOrDefault(c => c.Id == clusterId) ?? throw new NotFoundException("Cluster", clusterId);
                cluster.EnsureVersion(command.ExpectedVersion);
            }
            else
            {
                cluster = Cluster.Create(Guid.CreateVersion7(journal.Now), document.Id);
                db.Clusters.Add(cluster);
            }

            var name = command.Name!.Trim();
            var headings = await TablingDeadlines.HeadingsAsync(db, document.Id, cancellationToken);
            var sections = ClusterRule.Check(cluster.Id, name, command.Sections!, headings, clusters);
            var facilitators = command.Facilitators!.Select(f => f.Trim().ToUpperInvariant()).ToList();
            var known = await db.Delegations.AsNoTracking()
                .Where(d => facilitators.Contains(d.Code) && d.Active && d.Kind == DelegationKind.MemberState)
                .Select(d => d.Code).ToListAsync(cancellationToken);
            if (facilitators.FirstOrDefault(f => !known.Contains(f)) is { } unknown)
            {
                throw new DomainValidationException("facilitators", $"{unknown} is not an active member state: a facilitator is a member state's delegation.");
            }

            cluster.Set(name, sections.Select(s => s.Id).ToList(), facilitators, journal.ActorCode, journal.Now);
            var response = ClusterResponse.From(cluster, headings.ToDictionary(h => h.Id));
            journal.Record(document, EventType.ClusterSet, response, [cluster.Id, .. facilitators]);
            return response;
        }
    }
}

/// <summary>The chair dissolves a cluster: its facilitators lose their powers there, and its sections return to the chair alone.</summary>
public static class RemoveCluster
{
    public sealed record Command(Guid DocumentId, Guid ClusterId, int? ExpectedVersion) : ICommand<Unit>, IDocumentCommand;

    public sealed class Handler(DraftingDbContext db, EventJournal journal) : ICommandHandler<Command, Unit>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            var document = await journal.OpenDocumentAsync(command.DocumentId, cancellationToken);
            document.EnsureNotAdopted();
            var cluster = await db.Clusters.SingleOrDefaultAsync(c => c.Id == command.ClusterId && c.DocumentId == document.Id, cancellationToken)
                ?? throw new NotFoundException("Cluster", command.ClusterId);
            cluster.EnsureVersion(command.ExpectedVersion);
            db.Clusters.Remove(cluster);
            journal.Record(document, EventType.ClusterRemoved, new { ClusterId = cluster.Id, cluster.Name, cluster.Facilitators },
                [cluster.Id, .. cluster.Facilitators]);
            return Unit.Value;
        }
    }
}

/// <summary>A document's clusters in the order of their first section.</summary>
public static class ListClusters
{
    public sealed record Query(Guid DocumentId, Guid? ClusterId = null) : IQuery<IReadOnlyList<ClusterResponse>>;

    public sealed class Handler(DraftingDbContext db) : IQueryHandler<Query, IReadOnlyList<ClusterResponse>>
    {
        public async ValueTask<IReadOnlyList<ClusterResponse>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!await db.Documents.AnyAsync(d => d.Id == query.DocumentId, cancellationToken))
            {
                throw new NotFoundException("Document", query.DocumentId);
            }

            var clusters = await db.Clusters.AsNoTracking()
                .Where(c => c.DocumentId == query.DocumentId && (query.ClusterId == null || c.Id == query.ClusterId))
                .ToListAsync(cancellationToken);
            if (query.ClusterId is { } id && clusters.Count == 0)
            {
                throw new NotFoundException("Cluster", id);
            }

            var headings = (await TablingDeadlines.HeadingsAsync(db, query.DocumentId, cancellationToken)).ToDictionary(h => h.Id);
            return clusters.Select(c => ClusterResponse.From(c, headings))
                .OrderBy(c => c.Sections.Count == 0 ? long.MaxValue : headings[c.Sections[0].HeadingId].Position)
                .ThenBy(c => c.Name, StringComparer.Ordinal)
                .ToList();
        }
    }
}
