// The client's address behind the reverse proxies named in configuration, and from no one else.
using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace OewgDrafting.Api.Infrastructure.Http;

public static class TrustedProxies
{
    /// <summary>Configuration key: the addresses of the reverse proxies whose X-Forwarded-For is believed.</summary>
    public const string Section = "ForwardedHeaders:KnownProxies";

    /// <summary>
    /// X-Forwarded-For and X-Forwarded-Proto are read only from the proxies listed under <see cref="Section"/>; with none
    /// listed, no one's are (the framework would otherwise trust loopback by default), and the connection's address stands.
    /// </summary>
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = configuration.GetSection(Section).Get<string[]>() ?? [];
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                if (!IPAddress.TryParse(proxy, out var address))
                {
                    throw new InvalidOperationException($"{Section} holds '{proxy}', which is not an IP address.");
                }

                options.KnownProxies.Add(address);
            }
        });
        return services;
    }
}
