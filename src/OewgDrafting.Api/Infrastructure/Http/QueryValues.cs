using System.Text.Json;

namespace OewgDrafting.Api.Infrastructure.Http;

/// <summary>Query-string enums read the way the JSON bodies write them (camelCase), case-insensitively.</summary>
public static class QueryValues
{
    public static T? Enum<T>(string? value, string name) where T : struct, System.Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        foreach (var candidate in System.Enum.GetValues<T>())
        {
            if (string.Equals(candidate.ToString(), value.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }
        }

        var allowed = string.Join(", ", System.Enum.GetNames<T>().Select(JsonNamingPolicy.CamelCase.ConvertName));
        throw new BadHttpRequestException($"'{value}' is not a valid {name}; use one of: {allowed}.", StatusCodes.Status400BadRequest);
    }
}
