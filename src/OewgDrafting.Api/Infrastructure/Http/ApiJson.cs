using System.Text.Json;
using Microsoft.Extensions.Options;

namespace OewgDrafting.Api.Infrastructure.Http;

public static class ApiJson
{
    /// <summary>The serializer options the endpoints answer with, for bodies serialised ahead of time (cached representations).</summary>
    public static JsonSerializerOptions Options(HttpContext http) =>
        http.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
}
