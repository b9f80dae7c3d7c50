using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Rendering;

namespace OewgDrafting.Api.Features.Revisions;

/// <summary>One side of a comparison: a frozen revision, or the current text.</summary>
public static class RevisionTexts
{
    public static async Task<(string Name, TextDocument Text, DateTimeOffset At)> LoadAsync(DraftingDbContext db, Guid documentId, string which, CancellationToken cancellationToken)
    {
        if (string.Equals(which, "current", StringComparison.OrdinalIgnoreCase))
        {
            var (document, blocks) = await GetDocumentText.LoadAsync(db, documentId, cancellationToken);
            return ("current", GetDocumentText.ToTextDocument(document, blocks), document.UpdatedAt);
        }

        if (!int.TryParse(which, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            throw new BadHttpRequestException($"'{which}' is neither a revision number nor 'current'.", StatusCodes.Status400BadRequest);
        }

        if (!await db.Documents.AnyAsync(d => d.Id == documentId, cancellationToken))
        {
            throw new NotFoundException("Document", documentId);
        }

        var revision = await db.Revisions.AsNoTracking().SingleOrDefaultAsync(r => r.DocumentId == documentId && r.Number == number, cancellationToken)
            ?? throw new NotFoundException("Revision", number);
        return (revision.Name, revision.ToTextDocument(), revision.IssuedAt);
    }
}
