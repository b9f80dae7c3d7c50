using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace OewgDrafting.Api.Infrastructure.Http;

public static class HealthResponse
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = ApiJson.Encoder };

    public static HealthCheckOptions With(Func<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckRegistration, bool> predicate) => new()
    {
        Predicate = predicate,
        ResponseWriter = Options.ResponseWriter,
    };

    public static HealthCheckOptions Options { get; } = new()
    {
        ResponseWriter = async (context, report) =>
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            await JsonSerializer.SerializeAsync(context.Response.Body, new
            {
                status = report.Status.ToString(),
                checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
            }, Json, context.RequestAborted);
        },
    };
}
