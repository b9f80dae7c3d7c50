using OewgDrafting.Domain.Amendments;
using OewgDrafting.Domain.Documents;

namespace OewgDrafting.Domain.Comments;

/// <summary>Who may read a comment thread.</summary>
public enum CommentVisibility
{
    /// <summary>Every key that can read the document.</summary>
    Participants,

    /// <summary>Only the author's delegation and the chair's office.</summary>
    Chair,
}

/// <summary>A thread is open until the chair resolves it; the chair can reopen it.</summary>
public enum CommentStatus
{
    Open,
    Resolved,
}

/// <summary>Where a comment's quote stands in the paragraph as it is now.</summary>
public enum CommentAnchorState
{
    /// <summary>The comment is about the whole paragraph.</summary>
    Paragraph,

    /// <summary>The paragraph is as it was when the comment was written.</summary>
    Attached,

    /// <summary>The paragraph changed and the quote was found again, unambiguously.</summary>
    Reanchored,

    /// <summary>The paragraph changed and the quote is gone (or now ambiguous): the comment is not moved to other words.</summary>
    Detached,
}

public sealed record CommentAnchor(CommentAnchorState State, int? Start, int? Length);

/// <summary>
/// A question or remark on a block, optionally on the words it quotes; replies form a thread under the first
/// comment. A delegation asks, the chair's office answers and resolves.
/// </summary>
public sealed class Comment
{
    public const int MaxTextLength = 4_000;
    public const int MaxQuoteLength = 1_000;

    /// <summary>A reply to a reply to … at most this deep below the thread's first comment.</summary>
    public const int MaxDepth = 8;

    private Comment()
    {
        Author = ThreadAuthor = Text = string.Empty;
    }

    public Guid Id { get; private set; }
    public Guid DocumentId { get; private set; }
    public Guid BlockId { get; private set; }

    /// <summary>The document's version (its event's sequence) when the comment was posted: comments in the order they came.</summary>
    public long Sequence { get; private set; }

    /// <summary>The thread's first comment (its own id for a first comment).</summary>
    public Guid ThreadId { get; private set; }

    public Guid? ParentId { get; private set; }

    /// <summary>0 for a thread's first comment, 1 for a reply to it…</summary>
    public int Depth { get; private set; }

    public string Author { get; private set; }

    /// <summary>Who started the thread: with the chair's office, the only one to read a chair-only thread.</summary>
    public string ThreadAuthor { get; private set; }

    public CommentVisibility Visibility { get; private set; }
    public string Text { get; private set; }

    public string? Quote { get; private set; }
    public int? Occurrence { get; private set; }

    /// <summary>How often the quote occurred when the comment was written, to tell later whether it still names the same words.</summary>
    public int QuoteOccurrences { get; private set; }

    /// <summary>The block's version the comment was written on.</summary>
    public int BlockVersion { get; private set; }

    /// <summary>The thread's status; kept on its first comment.</summary>
    public CommentStatus Status { get; private set; }

    public int Version { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Starts a thread on a block, optionally on a quote of its current text.</summary>
    public static Comment Start(Guid id, long sequence, Block block, string author, CommentVisibility visibility, string? text, string? quote, int? occurrence,
        DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        ValidateText(text, errors);
        if (!Enum.IsDefined(visibility))
        {
            errors["visibility"] = ["The visibility is 'participants' or 'chair'."];
        }

        var occurrences = 0;
        if (quote is not null)
        {
            if (quote.Length is 0 or > MaxQuoteLength)
            {
                errors["quote"] = [$"A quote is 1 to {MaxQuoteLength} characters of the paragraph."];
            }
            else
            {
                occurrences = AmendmentText.Occurrences(block.Text, quote).Count;
                if (occurrences == 0)
                {
                    errors["quote"] = [$"\"{Shorten(quote)}\" is not in the paragraph's current text (version {block.Version})."];
                }
                else if (occurrence is null && occurrences > 1)
                {
                    errors["occurrence"] = [$"\"{Shorten(quote)}\" occurs {occurrences} times in the paragraph: say which with occurrence (1 to {occurrences})."];
                }
                else if (occurrence is { } o && (o < 1 || o > occurrences))
                {
                    errors["occurrence"] = [$"\"{Shorten(quote)}\" occurs {occurrences} time(s): occurrence is between 1 and {occurrences}."];
                }
            }
        }
        else if (occurrence is not null)
        {
            errors["occurrence"] = ["An occurrence needs a quote."];
        }

        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }

        return new Comment
        {
            Id = id,
            Sequence = sequence,
            DocumentId = block.DocumentId,
            BlockId = block.Id,
            ThreadId = id,
            Depth = 0,
            Author = author,
            ThreadAuthor = author,
            Visibility = visibility,
            Text = text!.Trim(),
            Quote = quote,
            Occurrence = quote is null ? null : occurrence ?? 1,
            QuoteOccurrences = occurrences,
            BlockVersion = block.Version,
            Status = CommentStatus.Open,
            Version = 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>A reply, in the thread of the comment it answers and with its visibility; an open thread only.</summary>
    public static Comment Reply(Guid id, long sequence, Comment parent, Comment thread, string author, string? text, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        ValidateText(text, errors);
        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }

        if (thread.Status == CommentStatus.Resolved)
        {
            throw new ConflictException("The thread is resolved: the chair reopens it before anyone replies.", ["threadResolved"]);
        }

        if (parent.Depth + 1 > MaxDepth)
        {
            throw new DomainValidationException("parentId", $"A thread is at most {MaxDepth} replies deep; reply higher up the thread.");
        }

        return new Comment
        {
            Id = id,
            Sequence = sequence,
            DocumentId = parent.DocumentId,
            BlockId = parent.BlockId,
            ThreadId = parent.ThreadId,
            ParentId = parent.Id,
            Depth = parent.Depth + 1,
            Author = author,
            ThreadAuthor = thread.Author,
            Visibility = thread.Visibility,
            Text = text!.Trim(),
            BlockVersion = parent.BlockVersion,
            Status = CommentStatus.Open,
            Version = 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    public bool IsThread => ParentId is null;

    /// <summary>Who may read it: everyone who reads the document, or only its author's delegation and the chair's office.</summary>
    public bool VisibleTo(string delegation, bool isChair) =>
        Visibility == CommentVisibility.Participants || isChair
        || string.Equals(Author, delegation, StringComparison.OrdinalIgnoreCase)
        || string.Equals(ThreadAuthor, delegation, StringComparison.OrdinalIgnoreCase);

    /// <summary>Its author edits it, against the version they read, until someone replies.</summary>
    public void Edit(string actor, string? text, int expectedVersion, bool hasReplies, DateTimeOffset now)
    {
        EnsureAuthorBeforeReplies(actor, hasReplies, "edit");
        if (expectedVersion != Version)
        {
            throw new StaleVersionException("The comment", expectedVersion, Version);
        }

        var errors = new Dictionary<string, string[]>();
        ValidateText(text, errors);
        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }

        Text = text!.Trim();
        Version++;
        UpdatedAt = now;
    }

    /// <summary>Its author deletes it until someone replies.</summary>
    public void EnsureDeletable(string actor, bool hasReplies) => EnsureAuthorBeforeReplies(actor, hasReplies, "delete");

    /// <summary>The chair resolves an open thread.</summary>
    public void Resolve(DateTimeOffset now)
    {
        EnsureThread();
        if (Status == CommentStatus.Resolved)
        {
            throw new ConflictException("The thread is already resolved.", ["threadResolved"]);
        }

        Status = CommentStatus.Resolved;
        Version++;
        UpdatedAt = now;
    }

    /// <summary>The chair reopens a resolved thread.</summary>
    public void Reopen(DateTimeOffset now)
    {
        EnsureThread();
        if (Status == CommentStatus.Open)
        {
            throw new ConflictException("The thread is open; only a resolved thread can be reopened.", ["threadOpen"]);
        }

        Status = CommentStatus.Open;
        Version++;
        UpdatedAt = now;
    }

    /// <summary>
    /// Where the quote stands in the block as it is now: where it was when the block has not changed; found again
    /// when it changed and the quote still names the same words unambiguously; otherwise detached, never moved.
    /// </summary>
    public CommentAnchor LocateIn(Block block)
    {
        if (Quote is null)
        {
            return new CommentAnchor(CommentAnchorState.Paragraph, null, null);
        }

        var found = AmendmentText.Occurrences(block.Text, Quote);
        var occurrence = Occurrence ?? 1;
        if (block.Version == BlockVersion && occurrence <= found.Count)
        {
            return new CommentAnchor(CommentAnchorState.Attached, found[occurrence - 1], Quote.Length);
        }

        // As for amendments: the same number of occurrences as when written means the occurrence still names the same words.
        if (found.Count > 0 && found.Count == QuoteOccurrences && occurrence <= found.Count)
        {
            return new CommentAnchor(CommentAnchorState.Reanchored, found[occurrence - 1], Quote.Length);
        }

        return new CommentAnchor(CommentAnchorState.Detached, null, null);
    }

    private void EnsureThread()
    {
        if (!IsThread)
        {
            throw new ConflictException("Threads are resolved and reopened through their first comment.", ["notAThread"]);
        }
    }

    private void EnsureAuthorBeforeReplies(string actor, bool hasReplies, string what)
    {
        if (!string.Equals(actor, Author, StringComparison.OrdinalIgnoreCase))
        {
            throw new ForbiddenException($"Only its author ({Author}) can {what} this comment.");
        }

        if (hasReplies)
        {
            throw new ConflictException($"The comment has replies: it can no longer be {what}ed.", ["commentHasReplies"]);
        }
    }

    private static void ValidateText(string? text, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors["text"] = ["A comment needs text."];
        }
        else if (text.Trim().Length > MaxTextLength)
        {
            errors["text"] = [$"A comment is at most {MaxTextLength} characters."];
        }
        else if (text.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
        {
            errors["text"] = ["A comment holds no control characters other than line breaks and tabs."];
        }
    }

    private static string Shorten(string s) => s.Length <= 60 ? s : s[..57] + "…";
}
