using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain.Delegations;

namespace OewgDrafting.Api.Features.Delegations;

/// <summary>
/// The way back for a chair's office that lost its key (the CLI's <c>chair-key reset</c>): a new chair key, printed once,
/// and every other chair key revoked, both in the registry's log.
/// </summary>
public static class ResetChairKey
{
    public sealed record Command : ICommand<IssuedKeyResponse>;

    public sealed class Handler(DraftingDbContext db, EventJournal journal) : ICommandHandler<Command, IssuedKeyResponse>
    {
        public async ValueTask<IssuedKeyResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var (key, plain) = ApiKey.Issue(Guid.CreateVersion7(journal.Now), Delegation.ChairCode, "reset", journal.Now);
            var revoked = new List<Guid>();
            foreach (var old in await db.ApiKeys.Where(k => k.DelegationCode == Delegation.ChairCode && k.RevokedAt == null).ToListAsync(cancellationToken))
            {
                old.Revoke(journal.Now);
                revoked.Add(old.Id);
            }

            db.ApiKeys.Add(key);
            journal.RecordRegistry(RegistryEventTypes.KeyIssued, Delegation.ChairCode, new { KeyId = key.Id, Label = "reset" });
            foreach (var id in revoked)
            {
                journal.RecordRegistry(RegistryEventTypes.KeyRevoked, Delegation.ChairCode, new { KeyId = id });
            }

            return new IssuedKeyResponse(key.Id, Delegation.ChairCode, plain, key.CreatedAt);
        }
    }
}
