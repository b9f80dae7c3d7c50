namespace OewgDrafting.Domain;

/// <summary>A rule of the domain refused the operation. The web host maps each kind to a problem response.</summary>
public abstract class DomainException(string message) : Exception(message);

/// <summary>The thing asked for does not exist (or is not visible to the caller).</summary>
public sealed class NotFoundException(string what, object id)
    : DomainException($"{what} '{id}' was not found.")
{
    public string What { get; } = what;
}

/// <summary>The operation is not allowed in the current state, for example editing an adopted document.</summary>
public class ConflictException(string message, IReadOnlyList<string>? reasons = null) : DomainException(message)
{
    public IReadOnlyList<string> Reasons { get; } = reasons ?? [];
}

/// <summary>The caller wrote against a version that is no longer current: no lost updates.</summary>
public sealed class StaleVersionException(string what, long expected, long actual)
    : ConflictException($"{what} is at version {actual}, not {expected}: it was changed since you read it. Fetch it again and reapply your change.")
{
    public long Expected { get; } = expected;
    public long Actual { get; } = actual;
}

/// <summary>Input that is well-formed but breaks a rule, reported per field.</summary>
public sealed class DomainValidationException : DomainException
{
    public DomainValidationException(string field, string error)
        : this(new Dictionary<string, string[]> { [field] = [error] })
    {
    }

    public DomainValidationException(IReadOnlyDictionary<string, string[]> errors)
        : base("One or more fields are invalid: " + string.Join(" ", errors.SelectMany(e => e.Value)))
    {
        Errors = errors;
    }

    public IReadOnlyDictionary<string, string[]> Errors { get; }
}

/// <summary>The caller is known but may not do this, for example withdraw another delegation's amendment.</summary>
public sealed class ForbiddenException(string message) : DomainException(message);

/// <summary>A conflict caused by what still blocks agreement; the blockers travel with it.</summary>
public sealed class BlockedException(string message, IReadOnlyList<Consensus.BlockBlockers> blockers)
    : ConflictException(message, ["blocked"])
{
    public IReadOnlyList<Consensus.BlockBlockers> Blockers { get; } = blockers;
}
