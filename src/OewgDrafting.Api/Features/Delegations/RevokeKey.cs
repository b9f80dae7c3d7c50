using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Delegations;

namespace OewgDrafting.Api.Features.Delegations;

/// <summary>Revokes a key at once: the next request with it is a 401.</summary>
public static class RevokeKey
{
    public sealed record Command(string Code, Guid KeyId) : ICommand<Unit>;

    public sealed class Handler(DraftingDbContext db, EventJournal journal) : ICommandHandler<Command, Unit>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            var code = command.Code.Trim().ToUpperInvariant();
            var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == command.KeyId && k.DelegationCode == code, cancellationToken)
                ?? throw new NotFoundException("Key", command.KeyId);
            if (key.DelegationCode == Delegation.ChairCode
                && !await db.ApiKeys.AnyAsync(k => k.DelegationCode == Delegation.ChairCode && k.RevokedAt == null && k.Id != key.Id, cancellationToken))
            {
                throw new ConflictException("This is the chair's last key: issue another one before revoking it.", ["lastChairKey"]);
            }

            key.Revoke(journal.Now);
            journal.RecordRegistry(RegistryEventTypes.KeyRevoked, key.DelegationCode, new { KeyId = key.Id });
            return Unit.Value;
        }
    }
}
