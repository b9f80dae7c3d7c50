using Mediator;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Delegations;

namespace OewgDrafting.Api.Features.Delegations;

/// <summary>The chair issues a key to a delegation; the key is in the answer, once.</summary>
public static class IssueKey
{
    public sealed record Command(string Code) : ICommand<IssuedKeyResponse>;

    public sealed class Handler(DraftingDbContext db, EventJournal journal) : ICommandHandler<Command, IssuedKeyResponse>
    {
        public async ValueTask<IssuedKeyResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var delegation = await db.FindDelegationAsync(command.Code, tracked: false, cancellationToken);
            if (!delegation.Active)
            {
                throw new ConflictException($"Delegation {delegation.Code} is deactivated; reactivate it before issuing keys.", ["delegationInactive"]);
            }

            var (key, plain) = ApiKey.Issue(Guid.CreateVersion7(journal.Now), delegation.Code, "issued", journal.Now);
            db.ApiKeys.Add(key);
            journal.RecordRegistry(RegistryEventTypes.KeyIssued, delegation.Code, new { KeyId = key.Id });
            return new IssuedKeyResponse(key.Id, delegation.Code, plain, key.CreatedAt);
        }
    }
}
