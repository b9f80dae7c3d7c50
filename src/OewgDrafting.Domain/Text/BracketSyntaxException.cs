namespace OewgDrafting.Domain.Text;

/// <summary>Unbalanced brackets, with the 0-based character position of the offending bracket.</summary>
public sealed class BracketSyntaxException(int position, string message) : DomainException(message)
{
    public int Position { get; } = position;
}
