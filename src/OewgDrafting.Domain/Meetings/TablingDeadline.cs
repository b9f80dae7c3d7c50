using System.Globalization;

namespace OewgDrafting.Domain.Meetings;

/// <summary>
/// The chair's deadline for tabling amendments to a whole document (<see cref="SectionId"/> null) or to one section (a
/// heading and what follows it until the next heading of the same or a higher level), and whether late amendments are
/// still taken there. A deadline is an instant, shown in the time zone the chair named.
/// </summary>
public sealed class TablingDeadline
{
    public const int MaxTimeZoneLength = 64;

    private TablingDeadline()
    {
        TimeZone = SetBy = string.Empty;
    }

    public Guid Id { get; private set; }
    public Guid DocumentId { get; private set; }

    /// <summary>The heading that opens the section; null for the whole document.</summary>
    public Guid? SectionId { get; private set; }

    /// <summary>When tabling closes; null when this scope only opens late amendments under an enclosing scope's deadline.</summary>
    public DateTimeOffset? Due { get; private set; }

    /// <summary>The IANA (or Windows) time zone the deadline is shown in, e.g. <c>Europe/Zurich</c>.</summary>
    public string TimeZone { get; private set; }

    /// <summary>The chair opened this scope for late amendments: taken after the deadline, and marked late.</summary>
    public bool LateAmendments { get; private set; }

    public string SetBy { get; private set; }
    public DateTimeOffset SetAt { get; private set; }
    public int Version { get; private set; }

    public static TablingDeadline Create(Guid id, Guid documentId, Guid? sectionId) =>
        new() { Id = id, DocumentId = documentId, SectionId = sectionId, TimeZone = "UTC" };

    /// <summary>Sets, extends or moves the deadline and the late-amendment switch; a new deadline must lie ahead.</summary>
    public void Set(DateTimeOffset? due, string? timeZone, bool lateAmendments, DateTimeOffset now, string actor)
    {
        var zone = ZoneOf(timeZone);
        if (due is { } instant && instant <= now)
        {
            throw new DomainValidationException("due", $"A tabling deadline must lie ahead; {Show(instant, zone)} has passed.");
        }

        if (due is null && !lateAmendments)
        {
            throw new DomainValidationException("due", "Give a deadline, or open late amendments (lateAmendments: true), or clear the deadline with DELETE.");
        }

        Due = due;
        TimeZone = zone.Id;
        LateAmendments = lateAmendments;
        SetBy = actor;
        SetAt = now;
        Version++;
    }

    /// <summary>The deadline as shown to people: the instant in the deadline's time zone, with the zone named.</summary>
    public DateTimeOffset? DueLocal => Due is { } due ? TimeZoneInfo.ConvertTime(due, ZoneOf(TimeZone)) : null;

    /// <summary>The deadline (moved on by <paramref name="extension"/>, as a sub-amendment's is) as people read it.</summary>
    public string Describe(TimeSpan extension = default) => Due is { } due ? Show(due + extension, ZoneOf(TimeZone)) : "none";

    /// <summary>A time zone by its IANA or Windows id; a field error when the system does not know it.</summary>
    public static TimeZoneInfo ZoneOf(string? timeZone)
    {
        if (string.IsNullOrWhiteSpace(timeZone))
        {
            return TimeZoneInfo.Utc;
        }

        if (timeZone.Length > MaxTimeZoneLength || !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone.Trim(), out var zone))
        {
            throw new DomainValidationException("timeZone", $"'{(timeZone.Length > MaxTimeZoneLength ? timeZone[..MaxTimeZoneLength] + "…" : timeZone)}' is not a known time zone; use an IANA name such as Europe/Zurich or America/New_York.");
        }

        return zone;
    }

    private static string Show(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        return local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " " + zone.Id + " (UTC" + local.ToString("zzz", CultureInfo.InvariantCulture) + ")";
    }
}
