using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Search;
using OewgDrafting.Domain.Text;

namespace OewgDrafting.Api.Features.Search;

/// <summary>A symbol cited in a paragraph (<c>start</c> and <c>length</c> in its text as rendered, references as their labels), and the document of the library it names, when there is one.</summary>
public sealed record CitationDto(Guid BlockId, string? Label, string Text, int Start, int Length, Guid? DocumentId, string? Symbol);

/// <summary>
/// The documents a text cites (<c>75/240</c>, <c>A/77/275</c>), each linked to the reference or adopted document of that
/// symbol when the library holds it: a resolution cited by its number is <c>A/RES/75/240</c>.
/// </summary>
public static class ListCitations
{
    public sealed record Query(Guid DocumentId) : IQuery<IReadOnlyList<CitationDto>>;

    public sealed class Handler(DraftingDbContext db) : IQueryHandler<Query, IReadOnlyList<CitationDto>>
    {
        public async ValueTask<IReadOnlyList<CitationDto>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (!await db.Documents.AnyAsync(d => d.Id == query.DocumentId, cancellationToken))
            {
                throw new NotFoundException("Document", query.DocumentId);
            }

            var blocks = await db.Blocks.AsNoTracking().Where(b => b.DocumentId == query.DocumentId).OrderBy(b => b.Position)
                .Select(b => new { b.Id, b.Label, b.Text }).ToListAsync(cancellationToken);
            var library = await db.Documents.AsNoTracking().Where(d => d.Id != query.DocumentId && d.Status == DocumentStatus.Adopted)
                .Select(d => new { d.Id, d.Symbol }).ToListAsync(cancellationToken);
            var citations = new List<CitationDto>();
            foreach (var block in blocks)
            {
                foreach (var citation in Citations.In(BracketedText.ReferencesAsLabels(block.Text)))
                {
                    var named = library.FirstOrDefault(d => citation.Names(d.Symbol));
                    citations.Add(new CitationDto(block.Id, block.Label, citation.Text, citation.Start, citation.Length, named?.Id, named?.Symbol));
                }
            }

            return citations;
        }
    }
}
