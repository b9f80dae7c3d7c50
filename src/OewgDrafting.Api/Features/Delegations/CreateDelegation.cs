using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Behaviours;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Delegations;

namespace OewgDrafting.Api.Features.Delegations;

/// <summary>The chair registers a member state, a group (with its members) or an observer.</summary>
public static class CreateDelegation
{
    public sealed record Command([property: System.ComponentModel.DataAnnotations.Required] string? Code, [property: System.ComponentModel.DataAnnotations.Required] string? Name, [property: System.ComponentModel.DataAnnotations.Required] DelegationKind? Kind,
        IReadOnlyList<string>? Members) : ICommand<DelegationResponse>;

    public sealed class Validator : IValidator<Command>
    {
        public void Validate(Command message, ValidationErrors errors)
        {
            errors.Required("code", message.Code).Required("name", message.Name).Required("kind", message.Kind);
            if (message.Kind == DelegationKind.Chair)
            {
                errors.Add("kind", "There is one chair's office; it exists from the start.");
            }
        }
    }

    public sealed class Handler(DraftingDbContext db, EventJournal journal) : ICommandHandler<Command, DelegationResponse>
    {
        public async ValueTask<DelegationResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var delegation = Delegation.Create(command.Code!, command.Name!, command.Kind!.Value, command.Members, journal.Now);
            if (await db.Delegations.AnyAsync(d => d.Code == delegation.Code, cancellationToken))
            {
                throw new ConflictException($"Delegation {delegation.Code} already exists.", ["delegationExists"]);
            }

            await EnsureMembersExistAsync(db, delegation.Members, cancellationToken);
            db.Delegations.Add(delegation);
            journal.RecordRegistry(RegistryEventTypes.DelegationCreated, delegation.Code, DelegationResponse.From(delegation));
            return DelegationResponse.From(delegation);
        }
    }

    public static async Task EnsureMembersExistAsync(DraftingDbContext db, IReadOnlyList<string> members, CancellationToken cancellationToken)
    {
        if (members.Count == 0)
        {
            return;
        }

        var known = await db.Delegations.Where(d => members.Contains(d.Code) && d.Kind == DelegationKind.MemberState)
            .Select(d => d.Code).ToListAsync(cancellationToken);
        var unknown = members.Except(known).ToList();
        if (unknown.Count > 0)
        {
            throw new DomainValidationException("members", $"Not registered member states: {string.Join(", ", unknown)}.");
        }
    }
}
