using Mediator;
using OewgDrafting.Api.Infrastructure.Persistence;

namespace OewgDrafting.Api.Features.Consensus;

/// <summary>
/// The chair's dashboard, serialised. Every change advances the document's version; the endpoint caches the
/// bytes in the document's head under that version, so a dashboard polled by many clients is computed once per change.
/// </summary>
public static class GetConsensus
{
    public sealed record Query(Guid DocumentId) : IQuery<Result>;

    public sealed record Result(long Version, byte[] Json);

    public sealed class Handler(DraftingDbContext db,
        Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            // Read before the picture: a picture is never older than the version it is cached under.
            var version = await db.DocumentVersionAsync(query.DocumentId, cancellationToken);
            var picture = await ConsensusLoader.PictureAsync(db, query.DocumentId, cancellationToken);
            var languages = await Translations.ListLanguageVersions.SummariesAsync(db, query.DocumentId, cancellationToken);
            Infrastructure.Telemetry.DraftingMetrics.OpenBrackets(query.DocumentId, picture.Totals.OpenBrackets);
            picture = picture with { Languages = [.. languages.Select(l => new Domain.Languages.LanguageStanding(l.Language, l.Current, l.Outdated, l.Missing))] };
            return new Result(version, System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(picture, json.Value.SerializerOptions));
        }
    }
}
