namespace OewgDrafting.Api.Features.Events;

public sealed class EventStreamOptions
{
    public const string Section = "Events";

    /// <summary>How often an idle stream sends a comment so that proxies keep it open.</summary>
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(15);
}
