using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Http;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Rendering;

namespace OewgDrafting.Api.Features.Documents;

/// <summary>The current clean text in the format a frontend asked for.</summary>
public static class GetDocumentText
{
    public sealed record Query(Guid DocumentId) : IQuery<Result>;

    public sealed record Result(Document Document, IReadOnlyList<Block> Blocks, TextDocument Text)
    {
        /// <summary>The text in one of the four formats, streamed to the response when it executes.</summary>
        public IResult Render(TextFormat format) => format switch
        {
            TextFormat.Markdown => new RenderedTextResult(TextFormats.ContentType(format), b => CleanTextRenderer.WriteMarkdown(b, Text)),
            TextFormat.PlainText => new RenderedTextResult(TextFormats.ContentType(format), b => CleanTextRenderer.WritePlainText(b, Text)),
            TextFormat.Html => new RenderedTextResult(TextFormats.ContentType(format), b => CleanTextRenderer.WriteHtml(b, Text)),
            _ => new Utf8JsonResult(writer => DocumentTextJson.Write(writer, Document, Blocks, Text)),
        };
    }

    public sealed class Handler(DraftingDbContext db) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            var (document, blocks) = await LoadAsync(db, query.DocumentId, cancellationToken);
            return new Result(document, blocks, ToTextDocument(document, blocks));
        }
    }

    public static async Task<(Document Document, List<Block> Blocks)> LoadAsync(DraftingDbContext db, Guid documentId,
        CancellationToken cancellationToken)
    {
        var document = await db.Documents.AsNoTracking().SingleOrDefaultAsync(d => d.Id == documentId, cancellationToken)
            ?? throw new NotFoundException("Document", documentId);
        var blocks = await db.Blocks.AsNoTracking().Where(b => b.DocumentId == documentId)
            .OrderBy(b => b.Position).ToListAsync(cancellationToken);
        return (document, blocks);
    }

    public static TextDocument ToTextDocument(Document document, IEnumerable<Block> blocks) =>
        new(document.Symbol, document.Title, document.Language, document.FrontMatter,
            blocks.Select(b => new TextBlock(b.Id, b.Kind, b.Level, b.Label, b.Text)).ToList());
}
