namespace OewgDrafting.Domain.Documents;

/// <summary>
/// One line of a document's front matter (body, distribution, date, language, original language,
/// committee, session, place and dates). Lines with the same <see cref="Group"/> are printed
/// together; groups are separated by a blank line, as in the issued document.
/// </summary>
public sealed record FrontMatterLine(string Key, string Text, int Group)
{
    public static readonly IReadOnlyList<string> KnownKeys =
    [
        "body", "distribution", "date", "language", "originalLanguage", "committee", "session", "placeAndDates", "other",
    ];
}
