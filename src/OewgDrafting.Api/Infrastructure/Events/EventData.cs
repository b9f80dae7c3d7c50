using System.Text.Json;

namespace OewgDrafting.Api.Infrastructure.Events;

/// <summary>How an event's data is written: the API's own JSON (camelCase, enums as names), so the log reads as the API does.</summary>
public static class EventData
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = Http.ApiJson.Encoder,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Serialize(object data) => JsonSerializer.Serialize(data, Json);
}
