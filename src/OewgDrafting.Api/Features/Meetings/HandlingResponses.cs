using OewgDrafting.Domain.Meetings;

namespace OewgDrafting.Api.Features.Meetings;

/// <summary>PUT body: what the chair proposes to do with an amendment (for a merge, the compromise text), with an optional note.</summary>
public sealed record HandlingRequest([property: System.ComponentModel.DataAnnotations.Required] Handling? Handling, string? Text, string? Note);

/// <summary>POST body of a contested handling: why.</summary>
public sealed record HandlingAnswerRequest(string? Statement);

public sealed record HandlingResponse(
    Guid AmendmentId,
    Handling Handling,
    string? Text,
    string? Note,
    string SetBy,
    DateTimeOffset SetAt,
    HandlingAnswer? Answer,
    string? AnsweredBy,
    DateTimeOffset? AnsweredAt,
    string? Statement,
    int Version)
{
    public static HandlingResponse From(ProposedHandling h) =>
        new(h.AmendmentId, h.Handling, h.Text, h.Note, h.SetBy, h.SetAt, h.Answer, h.AnsweredBy, h.AnsweredAt, h.Statement, h.Version);
}
