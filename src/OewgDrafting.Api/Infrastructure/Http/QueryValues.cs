using System.Text.Json;

namespace OewgDrafting.Api.Infrastructure.Http;

/// <summary>Query-string values read the way the JSON bodies write them: enums in camelCase, case-insensitively; days as YYYY-MM-DD.</summary>
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

    /// <summary>A day (<c>2020-12-31</c>), or null when absent; a malformed one is added to <paramref name="errors"/> under its name.</summary>
    public static DateOnly? Day(string? value, string name, IDictionary<string, string[]> errors)
    {
        if (value is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day))
        {
            return day;
        }

        errors[name] = [$"{name} is a date such as 2020-12-31."];
        return null;
    }
}
