using System.Net;
using System.Net.Sockets;

namespace OewgDrafting.Domain.Webhooks;

/// <summary>
/// Where a webhook may be sent: over https to a public address. Loopback, private, link-local (the cloud metadata
/// address among them), shared, unspecified and multicast addresses are the server's own neighbourhood, never a
/// receiver's, unless the host is allowed by configuration.
/// </summary>
public static class WebhookAddresses
{
    /// <summary>Why <paramref name="address"/> may not be called, or null when it is public.</summary>
    public static string? WhyRefused(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return "a loopback address";
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] switch
            {
                0 => "an unspecified address",
                10 => "a private address",
                172 when b[1] is >= 16 and <= 31 => "a private address",
                192 when b[1] == 168 => "a private address",
                169 when b[1] == 254 => "a link-local address",
                100 when b[1] is >= 64 and <= 127 => "a shared (carrier-grade NAT) address",
                >= 224 => "a multicast or reserved address",
                _ => null,
            };
        }

        if (address.Equals(IPAddress.IPv6None) || address.Equals(IPAddress.IPv6Any))
        {
            return "an unspecified address";
        }

        if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal)
        {
            return "a link-local address";
        }

        if (address.IsIPv6Multicast)
        {
            return "a multicast address";
        }

        // fc00::/7, unique local addresses: IPv6's private ranges.
        return (address.GetAddressBytes()[0] & 0xFE) == 0xFC ? "a private address" : null;
    }
}
