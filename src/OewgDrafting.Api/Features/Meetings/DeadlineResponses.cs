using OewgDrafting.Domain.Meetings;

namespace OewgDrafting.Api.Features.Meetings;

/// <summary>
/// A tabling deadline: for the whole document, or for the section a heading opens. <c>due</c> is written with the offset of
/// <c>timeZone</c> at that instant, so people read it as the clock in the meeting's city shows it.
/// </summary>
public sealed record DeadlineResponse(
    Guid DocumentId,
    Guid? SectionId,
    string? SectionLabel,
    DateTimeOffset? Due,
    string TimeZone,
    bool LateAmendments,
    string SetBy,
    DateTimeOffset SetAt,
    int Version)
{
    public static DeadlineResponse From(TablingDeadline d, SectionHeading? section) =>
        new(d.DocumentId, d.SectionId, section?.Label ?? section?.Text, d.DueLocal, d.TimeZone, d.LateAmendments, d.SetBy, d.SetAt, d.Version);
}

/// <summary>PUT body: a deadline ahead (an instant with its offset, e.g. <c>2026-12-08T18:00:00+01:00</c>), the zone to show it in, and whether late amendments are taken.</summary>
public sealed record DeadlineRequest(DateTimeOffset? Due, string? TimeZone, bool? LateAmendments);
