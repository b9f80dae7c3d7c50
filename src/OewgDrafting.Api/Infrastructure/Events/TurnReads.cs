using System.Data.Common;
using OewgDrafting.Domain.Documents;

namespace OewgDrafting.Api.Infrastructure.Events;

/// <summary>What a command that leaves the document row alone knows of the document it advanced.</summary>
public sealed record OpenedDocument(Guid Id, long Version, long TextVersion, DocumentStatus Status, string Symbol)
{
    /// <summary>The rule of <see cref="Document.EnsureInNegotiation"/>, on the row as it was advanced.</summary>
    public void EnsureInNegotiation() => Document.EnsureInNegotiation(Status, Symbol);
}

/// <summary>
/// Queries a command makes in its turn, where what they read can no longer change under it: sent with the statement
/// that advances its document (one round trip), or on their own once the batch knows the document.
/// </summary>
public abstract class TurnReads
{
    public abstract string Sql { get; }

    public abstract void Bind(DbCommand command);

    /// <summary>Reads the results of <see cref="Sql"/>; the reader is past the document's row.</summary>
    public abstract Task ReadAsync(DbDataReader reader, CancellationToken cancellationToken);

    /// <summary>True when <see cref="HoldsAt"/> can ever be true for these reads (the command may then need nothing read).</summary>
    public virtual bool MayHold => false;

    /// <summary>
    /// True when what these reads would check is known to hold, without reading, while the document's clean text is at
    /// <paramref name="textVersion"/> (see <see cref="EventJournal.AdvanceDocumentAsync"/>). Then nothing is read and
    /// <see cref="Proven"/> is set.
    /// </summary>
    public virtual bool HoldsAt(long textVersion) => false;

    /// <summary>The reads were not made: what they check was known to hold (<see cref="HoldsAt"/>).</summary>
    public bool Proven { get; internal set; }
}
