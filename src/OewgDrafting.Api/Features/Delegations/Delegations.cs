using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Auth;
using OewgDrafting.Api.Infrastructure.Behaviours;
using OewgDrafting.Api.Infrastructure.Events;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Delegations;

namespace OewgDrafting.Api.Features.Delegations;

public static class ListDelegations
{
    public sealed record Query : IQuery<IReadOnlyList<DelegationResponse>>;

    public sealed class Handler(DraftingDbContext db) : IQueryHandler<Query, IReadOnlyList<DelegationResponse>>
    {
        public async ValueTask<IReadOnlyList<DelegationResponse>> Handle(Query query, CancellationToken cancellationToken) =>
            (await db.Delegations.AsNoTracking().OrderBy(d => d.Code).ToListAsync(cancellationToken)).Select(DelegationResponse.From).ToList();
    }
}

public static class GetDelegation
{
    public sealed record Query(string Code) : IQuery<DelegationResponse>;

    public sealed class Handler(DraftingDbContext db) : IQueryHandler<Query, DelegationResponse>
    {
        public async ValueTask<DelegationResponse> Handle(Query query, CancellationToken cancellationToken) =>
            DelegationResponse.From(await db.FindDelegationAsync(query.Code, tracked: false, cancellationToken));
    }
}

public static class DelegationLookup
{
    public static async Task<Delegation> FindDelegationAsync(this DraftingDbContext db, string code, bool tracked, CancellationToken cancellationToken)
    {
        var normalised = code.Trim().ToUpperInvariant();
        var query = tracked ? db.Delegations : db.Delegations.AsNoTracking();
        return await query.SingleOrDefaultAsync(d => d.Code == normalised, cancellationToken)
            ?? throw new NotFoundException("Delegation", normalised);
    }
}

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
            journal.RecordRegistry("delegationCreated", delegation.Code, DelegationResponse.From(delegation));
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
            journal.RecordRegistry("delegationUpdated", delegation.Code, new { Before = before, After = after, RevokedKeys = revoked });
            return after;
        }
    }
}

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
            journal.RecordRegistry("keyIssued", delegation.Code, new { KeyId = key.Id });
            return new IssuedKeyResponse(key.Id, delegation.Code, plain, key.CreatedAt);
        }
    }
}

public static class ListKeys
{
    public sealed record Query(string Code) : IQuery<IReadOnlyList<KeyResponse>>;

    public sealed class Handler(DraftingDbContext db, ApiKeyCache cache) : IQueryHandler<Query, IReadOnlyList<KeyResponse>>
    {
        public async ValueTask<IReadOnlyList<KeyResponse>> Handle(Query query, CancellationToken cancellationToken)
        {
            var delegation = await db.FindDelegationAsync(query.Code, tracked: false, cancellationToken);
            var keys = await db.ApiKeys.AsNoTracking().Where(k => k.DelegationCode == delegation.Code).ToListAsync(cancellationToken);
            // Uses are written in batches: this instance also knows the ones not written yet.
            return keys.OrderBy(k => k.Id).Select(k => KeyResponse.From(k) with { LastUsedAt = Later(k.LastUsedAt, cache.UnwrittenUse(k.Id)) }).ToList();
        }
    }

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
}

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
            journal.RecordRegistry("keyRevoked", key.DelegationCode, new { KeyId = key.Id });
            return Unit.Value;
        }
    }
}

public static class ListRegistryEvents
{
    public sealed record Query(long After, int Limit) : IQuery<IReadOnlyList<RegistryEventResponse>>;

    public sealed class Handler(DraftingDbContext db) : IQueryHandler<Query, IReadOnlyList<RegistryEventResponse>>
    {
        public async ValueTask<IReadOnlyList<RegistryEventResponse>> Handle(Query query, CancellationToken cancellationToken)
        {
            var events = await db.RegistryEvents.AsNoTracking().Where(e => e.Id > query.After).OrderBy(e => e.Id)
                .Take(query.Limit).ToListAsync(cancellationToken);
            return events.Select(e => new RegistryEventResponse(e.Id, e.OccurredAt, e.Actor, e.Type, e.Subject,
                System.Text.Json.JsonDocument.Parse(e.Data).RootElement.Clone())).ToList();
        }
    }
}

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
            journal.RecordRegistry("keyIssued", Delegation.ChairCode, new { KeyId = key.Id, Label = "reset" });
            foreach (var id in revoked)
            {
                journal.RecordRegistry("keyRevoked", Delegation.ChairCode, new { KeyId = id });
            }

            return new IssuedKeyResponse(key.Id, Delegation.ChairCode, plain, key.CreatedAt);
        }
    }
}
