using OewgDrafting.Domain.Documents;

namespace OewgDrafting.Domain.Consensus;

/// <summary>What stands between one block and agreement.</summary>
public sealed record BlockBlockers(
    Guid BlockId,
    string? Label,
    BlockKind Kind,
    BlockStatus Status,
    int OpenBrackets,
    IReadOnlyList<PendingRef> PendingAmendments,
    IReadOnlyList<Objection> Objections,
    IReadOnlyList<Guid> SilenceProcedures)
{
    /// <summary>A paragraph must be agreed before adoption; headings need only be free of brackets.</summary>
    public bool NotAgreed => Kind == BlockKind.Paragraph && Status is BlockStatus.Open or BlockStatus.Draft;

    /// <summary>Blockers of agreement itself: brackets, pending amendments, objections.</summary>
    public bool BlocksAgreement => OpenBrackets > 0 || PendingAmendments.Count > 0 || Objections.Count > 0;

    /// <summary>Blockers of adoption: the above, a paragraph not yet agreed, or a silence procedure under way.</summary>
    public bool BlocksAdoption => BlocksAgreement || NotAgreed || SilenceProcedures.Count > 0;

    public string Describe()
    {
        var parts = new List<string>();
        if (OpenBrackets > 0) parts.Add($"{OpenBrackets} open bracket{(OpenBrackets == 1 ? "" : "s")}");
        if (PendingAmendments.Count > 0) parts.Add($"pending amendment{(PendingAmendments.Count == 1 ? "" : "s")} {string.Join(", ", PendingAmendments.Select(p => $"A{p.Number}"))}");
        if (Objections.Count > 0) parts.Add($"objection{(Objections.Count == 1 ? "" : "s")} by {string.Join(", ", Objections.Select(o => o.Delegation))}");
        if (NotAgreed && parts.Count == 0) parts.Add("not yet agreed");
        if (SilenceProcedures.Count > 0) parts.Add("a silence procedure under way");
        return string.Join("; ", parts);
    }
}

/// <summary>A pending amendment by its number in the document (A12) and its proposer; GET …/amendments?blockId= has the rest.</summary>
public sealed record PendingRef(int Number, string Proposer);

public sealed record Objection(string Delegation, string? Statement);

public sealed record ConsensusTotals(int Blocks, int BlockedBlocks, int OpenBrackets, int PendingAmendments, int Objections,
    int ParagraphsNotAgreed, int SilenceProcedures)
{
    public string Describe()
    {
        var parts = new List<string>();
        if (OpenBrackets > 0) parts.Add($"{OpenBrackets} open bracket(s)");
        if (PendingAmendments > 0) parts.Add($"{PendingAmendments} pending amendment(s)");
        if (Objections > 0) parts.Add($"{Objections} objection(s)");
        if (ParagraphsNotAgreed > 0) parts.Add($"{ParagraphsNotAgreed} paragraph(s) not agreed");
        if (SilenceProcedures > 0) parts.Add($"{SilenceProcedures} silence procedure(s) under way");
        return parts.Count == 0 ? "the document is not in negotiation" : string.Join(", ", parts);
    }
}

public sealed record ConsensusPicture(bool CanAdopt, DocumentStatus Status, IReadOnlyList<BlockBlockers> Blockers, ConsensusTotals Totals)
{
    /// <summary>
    /// Each language version: how many of its blocks are current, outdated or missing. Only the original is adopted,
    /// so they never block adoption; the adoption record says whether each was current.
    /// </summary>
    public IReadOnlyList<Languages.LanguageStanding> Languages { get; init; } = [];
}

/// <summary>The facts the picture is computed from, as plain rows.</summary>
public sealed record BlockFacts(Guid Id, string? Label, BlockKind Kind, BlockStatus Status, int OpenBrackets);

public sealed record AmendmentFacts(int Number, Guid BlockId, string Proposer);

public sealed record ObjectionFacts(Guid BlockId, string Delegation, string? Statement);

public sealed record SilenceFacts(Guid Id, IReadOnlyList<Guid>? BlockIds);

/// <summary>
/// "Nothing is agreed until everything is agreed": adoption by consensus needs every paragraph agreed, no
/// bracket, no pending amendment and no standing objection anywhere, and no silence procedure under way.
/// </summary>
public static class ConsensusRules
{
    public static BlockBlockers ForBlock(BlockFacts block, IEnumerable<AmendmentFacts> pending, IEnumerable<ObjectionFacts> objections,
        IEnumerable<SilenceFacts> silences) =>
        new(block.Id, block.Label, block.Kind, block.Status, block.OpenBrackets,
            pending.Where(a => a.BlockId == block.Id).OrderBy(a => a.Number).Select(a => new PendingRef(a.Number, a.Proposer)).ToList(),
            objections.Where(o => o.BlockId == block.Id).OrderBy(o => o.Delegation, StringComparer.Ordinal).Select(o => new Objection(o.Delegation, o.Statement)).ToList(),
            silences.Where(s => s.BlockIds is null || s.BlockIds.Contains(block.Id)).Select(s => s.Id).ToList());

    public static ConsensusPicture Compute(DocumentStatus status, IReadOnlyList<BlockFacts> blocks, IReadOnlyList<AmendmentFacts> pending,
        IReadOnlyList<ObjectionFacts> objections, IReadOnlyList<SilenceFacts> silences)
    {
        var pendingByBlock = pending.ToLookup(a => a.BlockId);
        var objectionsByBlock = objections.ToLookup(o => o.BlockId);
        var documentWide = silences.Where(s => s.BlockIds is null).Select(s => s.Id).ToList();
        var silenceByBlock = silences.Where(s => s.BlockIds is not null)
            .SelectMany(s => s.BlockIds!.Select(b => (Block: b, s.Id))).ToLookup(x => x.Block, x => x.Id);

        var all = new List<BlockBlockers>(blocks.Count);
        foreach (var block in blocks)
        {
            var silenceIds = silenceByBlock[block.Id];
            all.Add(new BlockBlockers(block.Id, block.Label, block.Kind, block.Status, block.OpenBrackets,
                pendingByBlock[block.Id].OrderBy(a => a.Number).Select(a => new PendingRef(a.Number, a.Proposer)).ToList(),
                objectionsByBlock[block.Id].OrderBy(o => o.Delegation, StringComparer.Ordinal).Select(o => new Objection(o.Delegation, o.Statement)).ToList(),
                documentWide.Count == 0 ? silenceIds.ToList() : [.. documentWide, .. silenceIds]));
        }

        var blocked = all.Where(b => b.BlocksAdoption).ToList();
        // Amendments whose block is gone (new paragraphs after a deleted block) still block the document.
        var knownBlocks = blocks.Select(b => b.Id).ToHashSet();
        var orphaned = pending.Count(a => !knownBlocks.Contains(a.BlockId));
        var totals = new ConsensusTotals(
            blocks.Count,
            blocked.Count,
            all.Sum(b => b.OpenBrackets),
            pending.Count,
            all.Sum(b => b.Objections.Count),
            all.Count(b => b.NotAgreed),
            silences.Count);
        var canAdopt = status == DocumentStatus.Negotiation && blocked.Count == 0 && orphaned == 0 && silences.Count == 0;
        return new ConsensusPicture(canAdopt, status, blocked, totals);
    }
}
