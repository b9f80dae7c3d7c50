using System.Data.Common;
using System.Text;
using OewgDrafting.Domain.Search;

namespace OewgDrafting.Api.Infrastructure.Search;

/// <summary>
/// A parsed <see cref="SearchQuery"/> in each engine's own syntax: an FTS5 MATCH expression for SQLite and a tsquery
/// for PostgreSQL, over the same indexed forms (normalised words; stems as <c>es_negoci</c>). Words are letters and
/// digits only once normalised, so quoting them cannot break out of the expression.
/// </summary>
public static class SearchSql
{
    public static string Fts5(SearchQuery query) => query switch
    {
        SearchQuery.Word word => "(" + string.Join(" OR ", [$"exact : \"{word.Normalized}\"", .. Stemmers.QueryStems(word.Lower).Select(s => $"stems : \"{s}\"")]) + ")",
        SearchQuery.Prefix prefix => $"exact : \"{prefix.Normalized}\" *",
        SearchQuery.Phrase phrase => $"exact : \"{string.Join(' ', phrase.Words)}\"",
        SearchQuery.All all => all.Excluded.Aggregate("(" + string.Join(" AND ", all.Parts.Select(Fts5)) + ")", (left, excluded) => $"({left} NOT {Fts5(excluded)})"),
        SearchQuery.Any any => "(" + string.Join(" OR ", any.Parts.Select(Fts5)) + ")",
        _ => throw new ArgumentOutOfRangeException(nameof(query)),
    };

    public static string TsQuery(SearchQuery query) => query switch
    {
        SearchQuery.Word word => "(" + string.Join(" | ", [Lexeme(word.Normalized), .. Stemmers.QueryStems(word.Lower).Select(Lexeme)]) + ")",
        SearchQuery.Prefix prefix => Lexeme(prefix.Normalized) + ":*",
        SearchQuery.Phrase phrase => "(" + string.Join(" <-> ", phrase.Words.Select(Lexeme)) + ")",
        SearchQuery.All all => "(" + string.Join(" & ", all.Parts.Select(TsQuery).Concat(all.Excluded.Select(e => "!" + TsQuery(e)))) + ")",
        SearchQuery.Any any => "(" + string.Join(" | ", any.Parts.Select(TsQuery)) + ")",
        _ => throw new ArgumentOutOfRangeException(nameof(query)),
    };

    /// <summary>Adds <c>@name</c> with its value to a command of either provider.</summary>
    public static DbParameter AddParameter(this DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }

    private static string Lexeme(string word)
    {
        var builder = new StringBuilder(word.Length + 2).Append('\'');
        foreach (var c in word)
        {
            // Normalised words hold no quotes or backslashes; doubled anyway, as tsquery quoting asks.
            builder.Append(c is '\'' or '\\' ? new string(c, 2) : c.ToString());
        }

        return builder.Append('\'').ToString();
    }
}
