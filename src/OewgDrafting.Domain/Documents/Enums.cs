namespace OewgDrafting.Domain.Documents;

public enum DocumentStatus
{
    /// <summary>The chair's office prepares the zero draft; only the chair edits.</summary>
    Draft,

    /// <summary>Delegations negotiate: amendments and positions are accepted on open paragraphs.</summary>
    Negotiation,

    /// <summary>Adopted by consensus: frozen forever.</summary>
    Adopted,
}

public enum DocumentKind
{
    /// <summary>Negotiated here, from zero draft to adoption.</summary>
    Negotiation,

    /// <summary>An earlier text adopted elsewhere, kept read-only as precedent.</summary>
    Reference,
}

public enum BlockKind
{
    Heading,
    Paragraph,
}

public enum BlockStatus
{
    /// <summary>Part of a document that is still a draft.</summary>
    Draft,

    /// <summary>Under negotiation.</summary>
    Open,

    /// <summary>Agreed ad referendum, subject to capitals' confirmation; the chair can reopen.</summary>
    AgreedAdRef,

    /// <summary>Adopted with the document.</summary>
    Adopted,
}
