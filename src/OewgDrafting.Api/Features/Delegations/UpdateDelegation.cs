using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Behaviours;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;

namespace OewgDrafting.Api.Features.Delegations;

/// <summary>The chair renames, changes a group's members, or deactivates (and reactivates) a delegation.</summary>
public static class UpdateDelegation
{
    public sealed record Command(string Code, string? Name, bool? Active, IReadOnlyList<string>? Members) : ICommand<DelegationResponse>;

    public sealed class Validator : IValidator<Command>
    {
        public void Validate(Command message, ValidationErrors errors)
        {
            if (message.Name is null && message.Active is null && message.Members is null)
            {
                errors.Add("body", "Give at least one of name, active or members.");
            }
        }
    }

    public sealed class Handler(DraftingDbContext db, EventJournal journal) : ICommandHandler<Command, DelegationResponse>
    {
        public async ValueTask<DelegationResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var delegation = await db.FindDelegationAsync(command.Code, tracked: true, cancellationToken);
            var before = DelegationResponse.From(delegation);
            if (command.Name is not null)
            {
                delegation.Rename(command.Name);
            }

            if (command.Members is not null)
            {
                delegation.SetMembers(command.Members);
                await CreateDelegation.EnsureMembersExistAsync(db, delegation.Members, cancellationToken);
            }

            var revoked = new List<Guid>();
            if (command.Active == false)
            {
                delegation.Deactivate();
                // Its keys die with it: reactivating the delegation later brings none of them back (the chair issues new ones).
                foreach (var key in await db.ApiKeys.Where(k => k.DelegationCode == delegation.Code && k.RevokedAt == null).ToListAsync(cancellationToken))
                {
                    key.Revoke(journal.Now);
                    revoked.Add(key.Id);
                }
            }
            else if (command.Active == true)
            {
                delegation.Reactivate();
            }

            var after = DelegationResponse.From(delegation);
            journal.RecordRegistry(RegistryEventTypes.DelegationUpdated, delegation.Code, new { Before = before, After = after, RevokedKeys = revoked });
            return after;
        }
    }
}
