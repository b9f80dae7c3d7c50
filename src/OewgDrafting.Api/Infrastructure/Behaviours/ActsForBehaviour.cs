using Mediator;
using Microsoft.AspNetCore.Authorization;
using OewgDrafting.Api.Infrastructure.Auth;
using OewgDrafting.Domain;

namespace OewgDrafting.Api.Infrastructure.Behaviours;

/// <summary>A message sent in a delegation's name: the caller must act for it (itself, or a group it belongs to).</summary>
public interface IActsForDelegation
{
    /// <summary>The delegation named, or null when the caller acts for itself.</summary>
    string? ActingFor { get; }
}

/// <summary>Applies the <see cref="Policies.ActsFor"/> policy to every message that names a delegation.</summary>
public sealed class ActsForBehaviour<TMessage, TResponse>(IHttpContextAccessor accessor, IAuthorizationService authorization)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage, IActsForDelegation
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message.ActingFor is { } code && accessor.HttpContext?.User is { } user)
        {
            var result = await authorization.AuthorizeAsync(user, code, Policies.ActsFor);
            if (!result.Succeeded)
            {
                throw new ForbiddenException($"You act for {user.FindFirst(Claims.Delegation)?.Value ?? "nobody"}, not for {code.ToUpperInvariant()}.");
            }
        }

        return await next(message, cancellationToken);
    }
}
