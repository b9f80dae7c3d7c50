using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Amendments;

namespace OewgDrafting.Api.Features.Events;

/// <summary>
/// A withdrawn amendment is its proposer's and the chair's business only (as in search): in the events about it that
/// anyone else reads, they see that something happened to an amendment and nothing of it.
/// </summary>
public sealed class AmendmentPrivacy
{
    private static readonly JsonElement Hidden = JsonDocument.Parse("""{"withdrawn":true,"hidden":true}""").RootElement.Clone();

    private readonly Dictionary<string, (string Proposer, string SubmittedBy)> _withdrawn;

    private AmendmentPrivacy(Dictionary<string, (string, string)> withdrawn) => _withdrawn = withdrawn;

    /// <summary>The withdrawn amendments of a document, read once for a page of its log.</summary>
    public static async Task<AmendmentPrivacy> OfAsync(DraftingDbContext db, Guid documentId, CancellationToken cancellationToken) =>
        new(await db.Amendments.AsNoTracking()
            .Where(a => a.DocumentId == documentId && a.Status == AmendmentStatus.Withdrawn)
            .Select(a => new { a.Id, a.Proposer, a.SubmittedBy })
            .ToDictionaryAsync(a => a.Id.ToString(), a => (a.Proposer, a.SubmittedBy), cancellationToken));

    /// <summary>Whether <see cref="AsSeenBy"/> would hide something of this event from <paramref name="reader"/> (its data is not read).</summary>
    public bool Hides(string reader, EventResponse e) => !ReferenceEquals(AsSeenBy(reader, e), e);

    public EventResponse AsSeenBy(string reader, EventResponse e)
    {
        if (_withdrawn.Count == 0 || !e.Type.Contains("mendment", StringComparison.Ordinal)
            || string.Equals(reader, Domain.Delegations.Delegation.ChairCode, StringComparison.OrdinalIgnoreCase))
        {
            return e;
        }

        foreach (var touched in e.Touches)
        {
            if (_withdrawn.TryGetValue(touched, out var owner)
                && !string.Equals(reader, owner.Proposer, StringComparison.OrdinalIgnoreCase)
                && !string.Equals(reader, owner.SubmittedBy, StringComparison.OrdinalIgnoreCase))
            {
                return e with { Touches = [], Data = Hidden };
            }
        }

        return e;
    }
}
