using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Webhooks;

namespace OewgDrafting.Api.Infrastructure.Webhooks;

/// <summary>Resolves a host name to addresses; the tests put a stub in its place, so that no test depends on a real DNS.</summary>
public interface IHostResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

public sealed class DnsHostResolver : IHostResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        IPAddress.TryParse(host, out var literal) ? Task.FromResult(new[] { literal }) : Dns.GetHostAddressesAsync(host, cancellationToken);
}

/// <summary>
/// Checks where a webhook goes: when it is registered (a clear 422) and again at every connection (the addresses a name
/// resolves to then, so a name that later resolves to the server's own network is refused too).
/// </summary>
public sealed class WebhookAddressGuard(IHostResolver resolver, IOptionsMonitor<WebhookOptions> options)
{
    public async Task CheckUrlAsync(string? url, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > WebhookSubscription.MaxUrlLength
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            throw new DomainValidationException("url", $"Give the receiver's absolute https URL (at most {WebhookSubscription.MaxUrlLength} characters).");
        }

        if (uri.UserInfo.Length > 0)
        {
            throw new DomainValidationException("url", "A webhook URL carries no user name or password: the signature authenticates the sender.");
        }

        var allowed = options.CurrentValue.IsAllowed(uri.IdnHost);
        if (uri.Scheme != "https" && !allowed)
        {
            throw new DomainValidationException("url", $"Webhooks are sent over https only; {uri.IdnHost} is not among the hosts allowed plain http (Webhooks:AllowedHosts).");
        }

        if (!allowed)
        {
            IPAddress[] addresses;
            try
            {
                addresses = await resolver.ResolveAsync(uri.IdnHost, cancellationToken);
            }
            catch (SocketException)
            {
                throw new DomainValidationException("url", $"{uri.IdnHost} does not resolve to an address.");
            }

            if (addresses.Length == 0)
            {
                throw new DomainValidationException("url", $"{uri.IdnHost} does not resolve to an address.");
            }

            if (addresses.Select(a => (Address: a, Why: WebhookAddresses.WhyRefused(a))).FirstOrDefault(a => a.Why is not null) is { Why: { } why } refused)
            {
                throw new DomainValidationException("url",
                    $"{uri.IdnHost} resolves to {refused.Address}, {why}: webhooks go to public addresses only, unless the host is in Webhooks:AllowedHosts.");
            }
        }
    }

    /// <summary>The addresses to connect to for <paramref name="host"/>, each checked; an exception when none may be used.</summary>
    public async Task<IPAddress[]> AddressesToConnectAsync(string host, CancellationToken cancellationToken)
    {
        var addresses = await resolver.ResolveAsync(host, cancellationToken);
        if (options.CurrentValue.IsAllowed(host))
        {
            return addresses;
        }

        var usable = addresses.Where(a => WebhookAddresses.WhyRefused(a) is null).ToArray();
        return usable.Length > 0 ? usable
            : throw new HttpRequestException($"{host} resolves to no public address ({string.Join(", ", addresses.Select(a => a.ToString()))}).");
    }
}
