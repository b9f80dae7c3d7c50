using OewgDrafting.Domain;
using OewgDrafting.Domain.Meetings;

namespace OewgDrafting.Domain.Tests.Meetings;

/// <summary>The rules of tabling deadlines and late amendments (docs/domain.md, "Deadlines and late amendments").</summary>
public class TablingRuleTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 8, 11, 0, 0, TimeSpan.Zero);
    private static readonly Guid DocumentId = Guid.NewGuid();

    // I (level 1) · 1 · A (level 2) · 2 · II (level 1) · 3
    private static readonly SectionHeading One = new(Guid.NewGuid(), 10, 1, "I", "General");
    private static readonly SectionHeading OneA = new(Guid.NewGuid(), 30, 2, "A", "Threats");
    private static readonly SectionHeading Two = new(Guid.NewGuid(), 50, 1, "II", "Norms");
    private static readonly SectionHeading[] Headings = [One, OneA, Two];

    private static TablingDeadline Deadline(SectionHeading? section, DateTimeOffset? due, bool late = false, string zone = "Europe/Zurich")
    {
        var deadline = TablingDeadline.Create(Guid.NewGuid(), DocumentId, section?.Id);
        deadline.Set(due, zone, late, Noon.AddDays(-1), "CHAIR");
        return deadline;
    }

    [Fact]
    public void A_paragraph_lies_in_its_nearest_heading_and_in_every_enclosing_one()
    {
        Assert.Equal([OneA, One], TablingRule.Enclosing(Headings, 40));
        Assert.Equal([One], TablingRule.Enclosing(Headings, 20));
        Assert.Equal([Two], TablingRule.Enclosing(Headings, 60));
        Assert.Empty(TablingRule.Enclosing(Headings, 5));
        // A new paragraph placed right after a heading joins that heading's section.
        Assert.Equal([Two], TablingRule.Enclosing(Headings, 50, after: true));
        Assert.Equal([OneA, One], TablingRule.Enclosing(Headings, 50));
    }

    [Fact]
    public void Without_deadlines_every_proposal_is_on_time() =>
        Assert.Equal(Tabling.OnTime, TablingRule.Judge(Noon, [OneA, One], []));

    [Fact]
    public void A_proposal_one_second_after_the_deadline_is_refused_naming_the_deadline_in_its_time_zone()
    {
        var deadlines = new[] { Deadline(null, Noon) };
        Assert.Equal(Tabling.OnTime, TablingRule.Judge(Noon.AddSeconds(-1), [One], deadlines));
        var refused = Assert.Throws<ConflictException>(() => TablingRule.Judge(Noon.AddSeconds(1), [One], deadlines));
        Assert.Equal(["deadlinePassed"], refused.Reasons);
        Assert.Contains("the document passed at 2026-12-08 12:00 Europe/Zurich (UTC+01:00)", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_innermost_deadline_set_governs()
    {
        // The document closes at noon; section I.A was given until the evening; section II closes early.
        var deadlines = new[] { Deadline(null, Noon), Deadline(OneA, Noon.AddHours(6)), Deadline(Two, Noon.AddHours(-2)) };
        Assert.Equal(Tabling.OnTime, TablingRule.Judge(Noon.AddHours(1), [OneA, One], deadlines));
        Assert.Throws<ConflictException>(() => TablingRule.Judge(Noon.AddHours(1), [One], deadlines));
        var early = Assert.Throws<ConflictException>(() => TablingRule.Judge(Noon.AddHours(-1), [Two], deadlines));
        Assert.Contains("section II", early.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void After_the_deadline_a_section_opened_for_late_amendments_takes_them_marked_late()
    {
        // The document's deadline has passed; the chair opens section I for late amendments without a deadline of its own.
        var deadlines = new[] { Deadline(null, Noon), Deadline(One, null, late: true) };
        Assert.Equal(Tabling.Late, TablingRule.Judge(Noon.AddHours(1), [OneA, One], deadlines));
        Assert.Equal(Tabling.Late, TablingRule.Judge(Noon.AddHours(1), [One], deadlines));
        Assert.Throws<ConflictException>(() => TablingRule.Judge(Noon.AddHours(1), [Two], deadlines));
        // Before the deadline, an amendment there is simply on time.
        Assert.Equal(Tabling.OnTime, TablingRule.Judge(Noon.AddHours(-1), [One], deadlines));
    }

    [Fact]
    public void A_deadline_must_lie_ahead_and_name_a_known_time_zone()
    {
        var deadline = TablingDeadline.Create(Guid.NewGuid(), DocumentId, null);
        var past = Assert.Throws<DomainValidationException>(() => deadline.Set(Noon.AddSeconds(-1), "UTC", false, Noon, "CHAIR"));
        Assert.Contains("due", past.Errors.Keys);
        var zone = Assert.Throws<DomainValidationException>(() => deadline.Set(Noon.AddDays(1), "Mars/Olympus_Mons", false, Noon, "CHAIR"));
        Assert.Contains("timeZone", zone.Errors.Keys);
        Assert.Throws<DomainValidationException>(() => deadline.Set(null, "UTC", lateAmendments: false, Noon, "CHAIR"));
        Assert.Equal(0, deadline.Version);
    }

    [Fact]
    public void A_deadline_is_shown_in_its_time_zone()
    {
        var deadline = Deadline(null, new DateTimeOffset(2026, 12, 8, 23, 0, 0, TimeSpan.Zero), zone: "America/New_York");
        Assert.Equal(new DateTimeOffset(2026, 12, 8, 18, 0, 0, TimeSpan.FromHours(-5)), deadline.DueLocal);
        Assert.Equal(TimeSpan.FromHours(-5), deadline.DueLocal!.Value.Offset);
        Assert.Equal("America/New_York", deadline.TimeZone);
    }
}
