using Mediator;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Features.CommentThreads;
using OewgDrafting.Api.Infrastructure.Auth;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Api.Infrastructure.Search;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Amendments;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Search;

namespace OewgDrafting.Api.Features.Search;

/// <summary>
/// The precedent of a phrase: the longest passages of a text (or of an amendment's proposed words) found word for word
/// in adopted texts, and the adopted paragraphs it repeats but for a few words, with the word diff.
/// </summary>
public static class FindPrecedents
{
    public sealed record Command(string? Text, Guid? AmendmentId) : IQuery<PrecedentResponse>;

    public sealed class Handler(DraftingDbContext db, PrecedentLibrary library, ICurrentActor actor) : IQueryHandler<Command, PrecedentResponse>
    {
        public async ValueTask<PrecedentResponse> Handle(Command command, CancellationToken cancellationToken)
        {
            var text = await TextOfAsync(command, cancellationToken);
            var findings = await library.FindAsync(text, cancellationToken);
            return PrecedentResponse.From(text, findings);
        }

        private async Task<string> TextOfAsync(Command command, CancellationToken cancellationToken)
        {
            if ((command.Text is null) == (command.AmendmentId is null))
            {
                throw new DomainValidationException("text", "Give either the text to look up or an amendmentId, not both.");
            }

            if (command.AmendmentId is { } id)
            {
                var amendment = await db.Amendments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
                var caller = actor.Code.ToUpperInvariant();
                if (amendment is null || (amendment.Status == AmendmentStatus.Withdrawn && !CommentReaders.IsChair(caller)
                        && amendment.Proposer != caller && amendment.SubmittedBy != caller))
                {
                    throw new NotFoundException("Amendment", id);
                }

                return string.IsNullOrWhiteSpace(amendment.Text)
                    ? throw new DomainValidationException("amendmentId", $"Amendment A{amendment.Number} proposes no words (it deletes): there is nothing to look up.")
                    : amendment.Text;
            }

            var given = command.Text!.Trim();
            if (SearchText.Words(given).Count == 0)
            {
                throw new DomainValidationException("text", "The text has no words to look up.");
            }

            if (given.Length > Block.MaxTextLength)
            {
                throw new DomainValidationException("text", $"At most {Block.MaxTextLength} characters are looked up: a paragraph's length.");
            }

            return given;
        }
    }
}
