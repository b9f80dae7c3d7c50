namespace OewgDrafting.Api.Features.Meetings;

public sealed class MeetingOptions
{
    public const string Section = "Meetings";

    /// <summary>How long after an amendment's tabling deadline sub-amendments to it may still be tabled.</summary>
    public TimeSpan SubAmendmentInterval { get; set; } = TimeSpan.FromHours(24);
}
