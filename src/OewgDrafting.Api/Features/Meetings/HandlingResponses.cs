using OewgDrafting.Domain.Meetings;

namespace OewgDrafting.Api.Features.Meetings;

/// <summary>
/// PUT body: what the chair proposes to do with an amendment (for a merge, the compromise text), an optional note, and
/// optionally the chair's own order among the amendments it collides with (1 is taken first).
/// </summary>
public sealed record HandlingRequest([property: System.ComponentModel.DataAnnotations.Required] Handling? Handling, string? Text, string? Note, int? Order);

/// <summary>POST body of a contested handling: why.</summary>
public sealed record HandlingAnswerRequest(string? Statement);

public sealed record HandlingResponse(
    Guid AmendmentId,
    Handling Handling,
    string? Text,
    string? Note,
    int? Order,
    string SetBy,
    DateTimeOffset SetAt,
    HandlingAnswer? Answer,
    string? AnsweredBy,
    DateTimeOffset? AnsweredAt,
    string? Statement,
    int Version)
{
    public static HandlingResponse From(ProposedHandling h) =>
        new(h.AmendmentId, h.Handling, h.Text, h.Note, h.Order, h.SetBy, h.SetAt, h.Answer, h.AnsweredBy, h.AnsweredAt, h.Statement, h.Version);
}
