namespace OewgDrafting.Domain.Documents;

/// <summary>
/// A block's text at one of its versions. Amendments are written against a paragraph version; keeping
/// each version's text lets a quote be checked against the version it was written for.
/// </summary>
public sealed class BlockRevision
{
    private BlockRevision()
    {
        Text = string.Empty;
    }

    public Guid BlockId { get; private set; }
    public int Version { get; private set; }
    public string? Label { get; private set; }
    public string Text { get; private set; }

    public static BlockRevision Of(Block block) => new() { BlockId = block.Id, Version = block.Version, Label = block.Label, Text = block.Text };
}
