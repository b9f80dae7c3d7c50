using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;
using OewgDrafting.Domain.Webhooks;

namespace OewgDrafting.Api.Infrastructure.Webhooks;

/// <summary>What one attempt to deliver came to.</summary>
public sealed record DeliveryResult(bool Succeeded, int? StatusCode, TimeSpan Latency, string? Error);

/// <summary>
/// Sends one signed delivery (Standard Webhooks headers) through the factory's <c>webhooks</c> client: redirects not
/// followed, every connection's addresses checked, a bounded time, and only the first bytes of the answer read.
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, IOptionsMonitor<WebhookOptions> options, TimeProvider clock)
{
    public const string ClientName = "webhooks";

    public static void Configure(IServiceCollection services)
    {
        services.AddHttpClient(ClientName, client => client.DefaultRequestHeaders.UserAgent.ParseAdd("OewgDrafting-Webhooks/1"))
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                UseProxy = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                ConnectCallback = async (context, cancellationToken) =>
                {
                    var addresses = await sp.GetRequiredService<WebhookAddressGuard>().AddressesToConnectAsync(context.DnsEndPoint.Host, cancellationToken);
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                    try
                    {
                        await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
                        return new NetworkStream(socket, ownsSocket: true);
                    }
                    catch
                    {
                        socket.Dispose();
                        throw;
                    }
                },
            });
    }

    public async Task<DeliveryResult> SendAsync(string url, string messageId, string body, IReadOnlyList<string> secrets, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", messageId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Header(secrets, messageId, timestamp, body));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var excerpt = await ReadExcerptAsync(response, settings.MaxResponseBytes, timeout.Token);
            var code = (int)response.StatusCode;
            var error = code switch
            {
                >= 200 and < 300 => null,
                >= 300 and < 400 => $"The receiver answered {code} (a redirect to {response.Headers.Location?.ToString() ?? "nowhere"}), which is not followed.",
                _ => $"The receiver answered {code}{(excerpt.Length > 0 ? ": " + excerpt : ".")}",
            };
            return new DeliveryResult(error is null, code, watch.Elapsed, error);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DeliveryResult(false, null, watch.Elapsed, $"No answer within {settings.Timeout.TotalSeconds:0.#} s.");
        }
        catch (HttpRequestException e)
        {
            return new DeliveryResult(false, null, watch.Elapsed, e.InnerException is { } inner ? $"{e.Message} ({inner.Message})" : e.Message);
        }
    }

    private static async Task<string> ReadExcerptAsync(HttpResponseMessage response, int limit, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[limit];
        var read = 0;
        while (read < limit && await stream.ReadAsync(buffer.AsMemory(read, limit - read), cancellationToken) is var n and > 0)
        {
            read += n;
        }

        return Encoding.UTF8.GetString(buffer, 0, read).Trim();
    }
}
