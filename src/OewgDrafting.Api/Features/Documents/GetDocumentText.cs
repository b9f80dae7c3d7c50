using System.Text;
using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Infrastructure.Http;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Rendering;
using OewgDrafting.Domain.Amendments;
using OewgDrafting.Api.Features.Amendments;
using OewgDrafting.Api.Features.Formats;

namespace OewgDrafting.Api.Features.Documents;

public enum TextView
{
    /// <summary>The clean text: every decided change applied, brackets kept.</summary>
    Clean,

    /// <summary>The chair's compilation: the clean text with every pending amendment at its place, attributed.</summary>
    Compilation,
}

/// <summary>The current clean text, or the compilation, in the format a frontend asked for.</summary>
public static class GetDocumentText
{
    public sealed record Query(Guid DocumentId, TextView View = TextView.Clean) : IQuery<Result>;

    public sealed record Result(Document Document, IReadOnlyList<Block> Blocks, TextDocument Text, CompilationDocument? Compilation)
    {
        /// <summary>The rendered bytes, for the cache keyed by document version.</summary>
        public byte[] RenderBytes(TextFormat format)
        {
            if (format == TextFormat.Docx)
            {
                return Compilation is { } c ? WordCompilation.Write(c) : WordCleanText.Write(Text);
            }

            if (format == TextFormat.Akn)
            {
                return Compilation is { } c ? AkomaNtoso.WriteCompilation(Document, c) : AkomaNtoso.Write(Document, Text);
            }

            if (format == TextFormat.Json)
            {
                var buffer = new System.Buffers.ArrayBufferWriter<byte>(64 * 1024);
                if (Compilation is { } c)
                {
                    CompilationJson.Write(buffer, Document, Blocks.ToDictionary(b => b.Id), c);
                }
                else
                {
                    DocumentTextJson.Write(buffer, Document, Blocks, Text);
                }

                return buffer.WrittenSpan.ToArray();
            }

            var builder = new StringBuilder();
            if (Compilation is { } compilation)
            {
                _ = format == TextFormat.Html ? CompilationRenderer.WriteHtml(builder, compilation) : CompilationRenderer.WriteText(builder, compilation, plain: format == TextFormat.PlainText);
            }
            else
            {
                WriteClean(builder, format, Text);
            }

            return System.Text.Encoding.UTF8.GetBytes(builder.ToString());
        }
    }

    public sealed class Handler(DraftingDbContext db, Infrastructure.Search.PrecedentLibrary library) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            var (document, blocks) = await LoadAsync(db, query.DocumentId, cancellationToken);
            var text = ToTextDocument(document, blocks);
            if (document.Status == DocumentStatus.Adopted
                && await db.Adoptions.AsNoTracking().SingleOrDefaultAsync(a => a.DocumentId == document.Id, cancellationToken) is { } adoption)
            {
                text = text with { Colophon = Colophon(adoption) };
            }

            CompilationDocument? compilation = null;
            if (query.View == TextView.Compilation)
            {
                var all = await db.Amendments.AsNoTracking()
                    .Where(a => a.DocumentId == document.Id && a.Status == AmendmentStatus.Proposed)
                    .ToListAsync(cancellationToken);
                // Sub-amendments change their parent's words, not the paragraph's: they are named in their parent's attribution.
                var pending = all.Where(a => a.ParentId is null).ToList();
                var subs = all.Where(a => a.ParentId is not null).OrderBy(a => a.Number).ToLookup(a => a.ParentId!.Value);
                var stances = await AmendmentStances.ForAmendmentsAsync(db, document.Id, cancellationToken);
                var agreed = await library.AgreedLanguageAsync(pending.Select(a => a.Text), cancellationToken);
                compilation = Domain.Rendering.Compilation.Build(text, blocks.ToDictionary(b => b.Id, b => b.Version),
                    pending.Select(a => AmendmentViews.ToPending(a, stances.TryGetValue(a.Id, out var s) ? s : null,
                        a.Text is not null && agreed.TryGetValue(a.Text, out var mark) ? mark.Describe() : null,
                        subs.Contains(a.Id) ? string.Join("; ", subs[a.Id].Select(SubAmendmentViews.Describe)) : null))) with
                {
                    OpenComments = await CommentThreads.OpenCommentCounts.ForDocumentAsync(db, document.Id, cancellationToken),
                };
            }

            return new Result(document, blocks, text, compilation);
        }
    }

    /// <summary>A clean text (current or a revision's) in one of the three text formats.</summary>
    public static StringBuilder WriteClean(StringBuilder builder, TextFormat format, TextDocument text) => format switch
    {
        TextFormat.Markdown => CleanTextRenderer.WriteMarkdown(builder, text),
        TextFormat.PlainText => CleanTextRenderer.WritePlainText(builder, text),
        TextFormat.Html => CleanTextRenderer.WriteHtml(builder, text),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "JSON is written by DocumentTextJson."),
    };

    public static async Task<(Document Document, List<Block> Blocks)> LoadAsync(DraftingDbContext db, Guid documentId,
        CancellationToken cancellationToken)
    {
        var document = await db.Documents.AsNoTracking().SingleOrDefaultAsync(d => d.Id == documentId, cancellationToken)
            ?? throw new NotFoundException("Document", documentId);
        var blocks = await db.Blocks.AsNoTracking().Where(b => b.DocumentId == documentId)
            .OrderBy(b => b.Position).ToListAsync(cancellationToken);
        return (document, blocks);
    }

    /// <summary>The adoption, and the head of the log it closes, as printed under an adopted text.</summary>
    public static string Colophon(Domain.Revisions.Adoption adoption) =>
        $"Adopted by {adoption.Method} on {adoption.AdoptedAt.UtcDateTime:yyyy-MM-dd}; its record closes event {adoption.HeadSequence} of the log, "
        + $"hash {adoption.HeadHash ?? "(none)"}.";

    public static TextDocument ToTextDocument(Document document, IEnumerable<Block> blocks) =>
        new(document.Symbol, document.Title, document.Language, document.FrontMatter,
            blocks.Select(b => new TextBlock(b.Id, b.Kind, b.Level, b.Label, b.Text)).ToList());
}
