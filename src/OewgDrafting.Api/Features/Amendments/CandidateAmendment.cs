using System.Data.Common;
using OewgDrafting.Domain.Amendments;

namespace OewgDrafting.Api.Features.Amendments;

/// <summary>What a proposal's answer needs of a pending amendment to tell whether the two collide.</summary>
public sealed record CandidateAmendment(Guid Id, int Number, AmendmentKind Kind, int BaseVersion, string? Quote, Placement? Placement, string? Text,
    int? Occurrence, int BaseOccurrences, int AnchorStart, int AnchorEnd)
{
    private static readonly string[] ColumnNames =
        ["Id", "Number", "Kind", "BaseVersion", "Quote", "Placement", "Text", "Occurrence", "BaseOccurrences", "AnchorStart", "AnchorEnd"];

    /// <summary>The amendments table's columns, named through <paramref name="table"/>, in the order <see cref="Read"/> reads them.</summary>
    public static string Columns(string table) => string.Join(", ", ColumnNames.Select(c => $"{table}.\"{c}\""));

    public static CandidateAmendment Of(Amendment a) =>
        new(a.Id, a.Number, a.Kind, a.BaseVersion, a.Quote, a.Placement, a.Text, a.Occurrence, a.BaseOccurrences, a.AnchorStart, a.AnchorEnd);

    /// <summary>Reads the <see cref="Columns"/> from the row, starting at column <paramref name="first"/> (enums as their names, as EF Core stores them).</summary>
    public static CandidateAmendment Read(DbDataReader row, int first) =>
        new(row.GetGuid(first), row.GetInt32(first + 1), Enum.Parse<AmendmentKind>(row.GetString(first + 2)), row.GetInt32(first + 3),
            row.IsDBNull(first + 4) ? null : row.GetString(first + 4),
            row.IsDBNull(first + 5) ? null : Enum.Parse<Placement>(row.GetString(first + 5)),
            row.IsDBNull(first + 6) ? null : row.GetString(first + 6), row.IsDBNull(first + 7) ? null : row.GetInt32(first + 7),
            row.GetInt32(first + 8), row.GetInt32(first + 9), row.GetInt32(first + 10));
}
