namespace OewgDrafting.Domain.Text;

/// <summary>A piece of negotiated text: plain text, a bracket, or a reference link.</summary>
public abstract record Segment
{
    /// <summary>Where the segment starts in the source text (inclusive).</summary>
    public required int Start { get; init; }

    /// <summary>Where the segment ends in the source text (exclusive).</summary>
    public required int End { get; init; }
}

/// <summary>Ordinary text. <see cref="Raw"/> keeps the escapes so that rendering gives the source back.</summary>
public sealed record TextSegment : Segment
{
    public required string Raw { get; init; }

    /// <summary>The text as a reader sees it, with <c>\[ \] \/</c> unescaped.</summary>
    public string Value => BracketedText.Unescape(Raw);
}

/// <summary>A reference link <c>[label](target)</c>, such as a document symbol. Not a bracket.</summary>
public sealed record ReferenceSegment : Segment
{
    public required string Label { get; init; }
    public required string Target { get; init; }
}

/// <summary>
/// Unagreed text. A bracket with one alternative is bracketed text (<c>[por completar]</c>);
/// with several, the alternatives were separated by <c> / </c> at this bracket's own level.
/// </summary>
public sealed record BracketSegment : Segment
{
    /// <summary>Index of the bracket in its paragraph, in order of the opening brackets (0-based).</summary>
    public required int Index { get; init; }

    /// <summary>Nesting depth: 0 for a bracket that is not inside another.</summary>
    public required int Depth { get; init; }

    public required IReadOnlyList<Alternative> Alternatives { get; init; }
}

/// <summary>One alternative of a bracket; it may contain further brackets.</summary>
public sealed record Alternative(int Start, int End, IReadOnlyList<Segment> Segments);
