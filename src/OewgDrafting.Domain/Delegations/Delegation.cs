using System.Text.RegularExpressions;

namespace OewgDrafting.Domain.Delegations;

public enum DelegationKind
{
    MemberState,
    Group,
    Observer,
    Chair,

    /// <summary>The secretariat's translators: they keep the language versions and do nothing else.</summary>
    Secretariat,
}

/// <summary>What an actor may do follows from its kind.</summary>
public enum Role
{
    Observer,
    Delegation,
    Chair,

    /// <summary>Edits language versions (translations) and reads; takes no part in the negotiation.</summary>
    Secretariat,
}

/// <summary>
/// An actor in the negotiation: a member state, a group speaking for its members (EU, G77), an observer,
/// or the chair's office. Its code is stable; a deactivated delegation's keys stop working.
/// </summary>
public sealed partial class Delegation
{
    public const string ChairCode = "CHAIR";
    public const int MaxNameLength = 200;
    public const int MaxMembers = 200;

    private List<string> _members = [];

    private Delegation()
    {
        Code = Name = string.Empty;
    }

    public string Code { get; private set; }
    public string Name { get; private set; }
    public DelegationKind Kind { get; private set; }
    public bool Active { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>For a group, the codes of its members.</summary>
    public IReadOnlyList<string> Members
    {
        get => _members;
        private set => _members = [.. value];
    }

    public Role Role => RoleOf(Kind);

    /// <summary>The one mapping from a delegation's kind to what its keys may do.</summary>
    public static Role RoleOf(DelegationKind kind) => kind switch
    {
        DelegationKind.Chair => Role.Chair,
        DelegationKind.Observer => Role.Observer,
        DelegationKind.Secretariat => Role.Secretariat,
        _ => Role.Delegation,
    };

    public static Delegation Create(string code, string name, DelegationKind kind, IEnumerable<string>? members, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        code = code?.Trim().ToUpperInvariant() ?? string.Empty;
        if (!CodePattern().IsMatch(code))
        {
            errors["code"] = ["A code is 2 to 12 letters, digits or hyphens, such as ESP, EU or G77."];
        }

        if (!Enum.IsDefined(kind))
        {
            errors["kind"] = ["The kind must be memberState, group, observer or chair."];
        }

        var delegation = new Delegation { Code = code, Kind = kind, Active = true, CreatedAt = now };
        CollectNameErrors(name, errors);
        delegation.Name = name?.Trim() ?? string.Empty;
        CollectMemberErrors(kind, members, code, errors, out var memberList);
        delegation._members = memberList;
        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }

        return delegation;
    }

    public void Rename(string name)
    {
        var errors = new Dictionary<string, string[]>();
        CollectNameErrors(name, errors);
        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }

        Name = name.Trim();
    }

    public void SetMembers(IEnumerable<string> members)
    {
        var errors = new Dictionary<string, string[]>();
        CollectMemberErrors(Kind, members, Code, errors, out var list);
        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }

        _members = list;
    }

    public void Deactivate()
    {
        if (Kind == DelegationKind.Chair)
        {
            throw new ConflictException("The chair's office cannot be deactivated: nobody could decide anything.", ["chairRequired"]);
        }

        Active = false;
    }

    public void Reactivate() => Active = true;

    /// <summary>Whether this delegation may act in <paramref name="code"/>'s name: itself, or a group it belongs to.</summary>
    public bool MayActFor(Delegation target) =>
        Active && (target.Code == Code || (target.Kind == DelegationKind.Group && target.Members.Contains(Code)));

    private static void CollectNameErrors(string? name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > MaxNameLength || name.Any(char.IsControl))
        {
            errors["name"] = [$"A name is one line of 1 to {MaxNameLength} characters."];
        }
    }

    private static void CollectMemberErrors(DelegationKind kind, IEnumerable<string>? members, string code,
        Dictionary<string, string[]> errors, out List<string> list)
    {
        list = (members ?? []).Select(m => m?.Trim().ToUpperInvariant() ?? string.Empty).Distinct().ToList();
        if (kind != DelegationKind.Group && list.Count > 0)
        {
            errors["members"] = ["Only a group has members."];
        }
        else if (list.Count > MaxMembers || list.Any(m => !CodePattern().IsMatch(m) || m == code))
        {
            errors["members"] = [$"Members are up to {MaxMembers} delegation codes, other than the group's own."];
        }
    }

    [GeneratedRegex("^[A-Z0-9][A-Z0-9-]{1,11}$", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();
}
