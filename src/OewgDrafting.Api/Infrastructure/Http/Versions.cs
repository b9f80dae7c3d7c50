using System.Globalization;
using Microsoft.Net.Http.Headers;
using OewgDrafting.Api.Infrastructure.Errors;
using OewgDrafting.Domain;

namespace OewgDrafting.Api.Infrastructure.Http;

/// <summary>Entity tags carry versions: <c>"7"</c> for a block at version 7.</summary>
public static class Versions
{
    public static string ETag(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>
    /// The version a write is based on, from <c>If-Match</c> or from an <c>expectedVersion</c> value; when
    /// both are given they must agree. A write without either is refused: it could overwrite unseen changes.
    /// </summary>
    public static int Expected(HttpRequest request, int? expectedVersion, string what)
    {
        var fromHeader = FromIfMatch(request);
        if (fromHeader is not null && expectedVersion is not null && fromHeader != expectedVersion)
        {
            throw new DomainValidationException("expectedVersion",
                $"If-Match names version {fromHeader} but expectedVersion is {expectedVersion}; send one version.");
        }

        return fromHeader ?? expectedVersion ?? throw new PreconditionRequiredException(
            $"Say which version of the {what} you are changing, with an If-Match header (its ETag) or expectedVersion.");
    }

    private static int? FromIfMatch(HttpRequest request)
    {
        var header = request.Headers.IfMatch;
        if (header.Count == 0)
        {
            return null;
        }

        if (!EntityTagHeaderValue.TryParseList(header, out var tags) || tags.Count != 1 || tags[0].Equals(EntityTagHeaderValue.Any))
        {
            throw new DomainValidationException("If-Match", "If-Match must carry exactly one entity tag, such as \"3\".");
        }

        var value = tags[0].Tag.AsSpan().Trim('"');
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw new DomainValidationException("If-Match", $"{tags[0].Tag} is not a version this server issued.");
        }

        return version;
    }
}
