namespace OewgDrafting.Domain.Meetings;

/// <summary>A heading of a document as the tabling rule needs it: where it stands and how deep.</summary>
public sealed record SectionHeading(Guid Id, long Position, int Level, string? Label, string Text)
{
    public string Name => Label is { Length: > 0 } label ? $"section {label}" : $"section \"{(Text.Length > 40 ? Text[..40] + "…" : Text)}\"";
}

/// <summary>Whether a proposal is on time, late (taken and marked so), or refused.</summary>
public enum Tabling
{
    OnTime,
    Late,
}

/// <summary>
/// When a delegation may still table an amendment to a paragraph. The deadline that governs is the innermost one set:
/// the paragraph's section, then each enclosing section, then the document. Before it the amendment is on time; after
/// it, it is taken and marked late when the chair opened late amendments in the paragraph's section, in an enclosing
/// section or in the whole document, and refused otherwise.
/// </summary>
public static class TablingRule
{
    /// <summary>
    /// The sections a block at <paramref name="position"/> lies in, innermost first; with <paramref name="after"/>, those of
    /// a new block placed right after it (a heading there opens the section the new block joins).
    /// </summary>
    public static IReadOnlyList<SectionHeading> Enclosing(IEnumerable<SectionHeading> headings, long position, bool after = false)
    {
        var enclosing = new List<SectionHeading>();
        var level = int.MaxValue;
        foreach (var heading in headings.Where(h => h.Position < position || (after && h.Position == position)).OrderByDescending(h => h.Position))
        {
            if (heading.Level < level)
            {
                enclosing.Add(heading);
                level = heading.Level;
            }
        }

        return enclosing;
    }

    /// <summary>
    /// Judges a proposal made at <paramref name="now"/> to a paragraph in <paramref name="sections"/> (innermost first).
    /// A sub-amendment's deadline is its parent's plus <paramref name="subAmendmentInterval"/>.
    /// </summary>
    public static Tabling Judge(DateTimeOffset now, IReadOnlyList<SectionHeading> sections, IReadOnlyCollection<TablingDeadline> deadlines,
        TimeSpan? subAmendmentInterval = null)
    {
        var extension = subAmendmentInterval ?? TimeSpan.Zero;
        var scopes = sections.Select(s => (Deadline: deadlines.FirstOrDefault(d => d.SectionId == s.Id), s.Name))
            .Append((Deadline: deadlines.FirstOrDefault(d => d.SectionId is null), Name: "the document"))
            .Where(s => s.Deadline is not null)
            .ToList();
        var governing = scopes.FirstOrDefault(s => s.Deadline!.Due is not null);
        if (governing.Deadline is null || now < governing.Deadline.Due!.Value + extension)
        {
            return Tabling.OnTime;
        }

        if (scopes.Any(s => s.Deadline!.LateAmendments))
        {
            return Tabling.Late;
        }

        throw new ConflictException(
            $"The deadline for tabling {(subAmendmentInterval is null ? "amendments" : "sub-amendments")} to {governing.Name} passed at {governing.Deadline.Describe(extension)}, and late amendments are not open there. The chair may open late amendments, or enter an oral amendment in the meeting.",
            ["deadlinePassed"]);
    }
}
