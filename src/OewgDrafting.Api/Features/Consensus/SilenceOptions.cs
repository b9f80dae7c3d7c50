namespace OewgDrafting.Api.Features.Consensus;

public sealed class SilenceOptions
{
    public const string Section = "Silence";

    /// <summary>The shortest silence a chair may set: 72 hours, as in GA decision 74/544, unless the meeting agrees otherwise.</summary>
    public TimeSpan MinimumDuration { get; set; } = TimeSpan.FromHours(72);

    /// <summary>How often the closer looks for procedures whose deadline has passed.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
}
