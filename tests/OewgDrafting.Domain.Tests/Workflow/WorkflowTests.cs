using OewgDrafting.Domain.Amendments;
using OewgDrafting.Domain.Consensus;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Silence;
using OewgDrafting.Domain.Text;

namespace OewgDrafting.Domain.Tests.Workflow;

/// <summary>The state machines of DOMAIN.md, transition by transition, including every refused one.</summary>
public class WorkflowTests
{
    private static readonly DateTimeOffset Now = new(2025, 7, 7, 10, 0, 0, TimeSpan.Zero);

    private static Block Paragraph(string text = "States shall cooperate.") =>
        Block.Create(Guid.NewGuid(), Guid.NewGuid(), BlockKind.Paragraph, null, "1", text, 0, BlockStatus.Draft);

    private static BlockBlockers Blockers(Block block, int brackets = 0, int pending = 0, int objections = 0) =>
        new(block.Id, block.Label, block.Kind, block.Status, brackets,
            Enumerable.Range(1, pending).Select(n => new PendingRef(n, "ESP")).ToList(),
            Enumerable.Range(0, objections).Select(n => new Objection($"D{n}", null)).ToList(), []);

    private static Document NewDocument() => Document.Create(Guid.NewGuid(), "A/1", "Title", "en", [], Now);

    [Fact]
    public void Document_draft_opens_to_negotiation_once()
    {
        var document = NewDocument();
        Assert.Equal(DocumentStatus.Draft, document.Status);
        Assert.Throws<ConflictException>(document.EnsureInNegotiation);

        document.OpenNegotiation();

        Assert.Equal(DocumentStatus.Negotiation, document.Status);
        Assert.Throws<ConflictException>(document.OpenNegotiation);
    }

    [Fact]
    public void Document_adoption_needs_consensus_and_freezes_it_forever()
    {
        var document = NewDocument();
        var clear = new ConsensusPicture(true, DocumentStatus.Negotiation, [], new ConsensusTotals(0, 0, 0, 0, 0, 0, 0));
        var blocked = new ConsensusPicture(false, DocumentStatus.Negotiation, [], new ConsensusTotals(1, 1, 1, 0, 0, 1, 0));

        Assert.Throws<ConflictException>(() => document.Adopt(clear, Now)); // still a draft
        document.OpenNegotiation();
        Assert.Throws<BlockedException>(() => document.Adopt(blocked, Now));
        document.Adopt(clear, Now);

        Assert.Equal(DocumentStatus.Adopted, document.Status);
        Assert.Equal(DateOnly.FromDateTime(Now.UtcDateTime), document.AdoptedOn);
        Assert.Throws<ConflictException>(document.EnsureNotAdopted);
        Assert.Throws<ConflictException>(document.EnsureInNegotiation);
        Assert.Throws<ConflictException>(() => document.Adopt(clear, Now));
        Assert.Throws<ConflictException>(document.OpenNegotiation);
        Assert.Throws<ConflictException>(() => document.NewBlockStatus);
    }

    [Fact]
    public void A_paragraph_opens_is_agreed_ad_referendum_reopens_and_is_adopted()
    {
        var block = Paragraph();
        Assert.Throws<ConflictException>(() => block.Agree(Blockers(block))); // draft
        Assert.Throws<ConflictException>(block.Reopen);
        Assert.Throws<ConflictException>(block.EnsureOpenForNegotiation);

        block.Open();
        Assert.Equal(BlockStatus.Open, block.Status);
        Assert.Throws<ConflictException>(block.Reopen);

        block.Agree(Blockers(block));
        Assert.Equal(BlockStatus.AgreedAdRef, block.Status);
        Assert.Throws<ConflictException>(() => block.Agree(Blockers(block)));
        Assert.Throws<ConflictException>(block.EnsureOpenForNegotiation); // no amendments or positions
        Assert.Throws<ConflictException>(() => block.Edit("Changed.", null, false, block.Version)); // no edits
        Assert.Throws<ConflictException>(() => block.Revise("Changed."));

        block.Reopen();
        Assert.Equal(BlockStatus.Open, block.Status);
        block.Adopt();
        Assert.Equal(BlockStatus.Adopted, block.Status);
        Assert.Throws<ConflictException>(() => block.Edit("Changed.", null, false, block.Version));
        Assert.Throws<ConflictException>(block.Reopen);
    }

    [Theory]
    [InlineData(1, 0, 0, "open bracket")]
    [InlineData(0, 2, 0, "pending amendments A1, A2")]
    [InlineData(0, 0, 1, "objection by D0")]
    public void Agreeing_a_paragraph_with_a_blocker_is_a_conflict_that_names_it(int brackets, int pending, int objections, string named)
    {
        var block = Paragraph();
        block.Open();

        var error = Assert.Throws<BlockedException>(() => block.Agree(Blockers(block, brackets, pending, objections)));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Single(error.Blockers);
        Assert.Equal(BlockStatus.Open, block.Status);
    }

    public static TheoryData<string> Outcomes => new() { "withdraw", "accept", "bracket", "reject", "merge", "supersede" };

    private static void Decide(Amendment amendment, string outcome)
    {
        switch (outcome)
        {
            case "withdraw": amendment.Withdraw("ESP", true, Now); break;
            case "accept": amendment.Accept("CHAIR", Now, null); break;
            case "bracket": amendment.ApplyBracketed("CHAIR", Now, null); break;
            case "reject": amendment.Reject("CHAIR", Now, "no"); break;
            case "merge": amendment.MergeInto(Guid.NewGuid(), "CHAIR", Now); break;
            default: amendment.Supersede("CHAIR", Now, "gone"); break;
        }
    }

    private static Amendment Proposed() => Amendment.Propose(Guid.NewGuid(), Guid.NewGuid(), 1,
        new TextChange(AmendmentKind.Delete, "shall", null, null, null), Guid.NewGuid(), 1, 1, new TextSpan(7, 5), "", "ESP", "ESP", [], Now);

    [Theory]
    [MemberData(nameof(Outcomes))]
    public void An_amendment_moves_from_proposed_to_exactly_one_outcome_and_no_further(string outcome)
    {
        var amendment = Proposed();
        Decide(amendment, outcome);

        Assert.False(amendment.IsPending);
        foreach (var next in Outcomes)
        {
            Assert.Throws<ConflictException>(() => Decide(amendment, next));
        }

        Assert.Throws<ConflictException>(() => amendment.Cosponsor("FRA", Now));
        Assert.Equal(["proposed", outcome switch { "withdraw" => "withdrawn", "accept" => "accepted", "bracket" => "bracketed", "reject" => "rejected", "merge" => "merged", _ => "superseded" }],
            amendment.History.Select(h => h.Action));
    }

    [Fact]
    public void Only_the_proposer_withdraws_an_amendment()
    {
        var amendment = Proposed();
        Assert.Throws<ForbiddenException>(() => amendment.Withdraw("FRA", actsForProposer: false, Now));
        Assert.True(amendment.IsPending);
        amendment.Withdraw("ESP", actsForProposer: false, Now);
        Assert.Equal(AmendmentStatus.Withdrawn, amendment.Status);
    }

    [Fact]
    public void A_silence_procedure_needs_the_minimum_duration_and_breaks_only_before_its_deadline()
    {
        var minimum = TimeSpan.FromHours(72);
        var error = Assert.Throws<DomainValidationException>(() => SilenceProcedure.Start(Guid.NewGuid(), Guid.NewGuid(), null, Now.AddHours(71), Now, minimum, "CHAIR"));
        Assert.Contains("72 h", error.Message, StringComparison.Ordinal);

        var procedure = SilenceProcedure.Start(Guid.NewGuid(), Guid.NewGuid(), null, Now.AddHours(72), Now, minimum, "CHAIR");
        Assert.Throws<DomainValidationException>(() => procedure.Break("ESP", " ", Now));
        Assert.Throws<ConflictException>(() => procedure.Break("ESP", "Too late.", Now.AddHours(72)));
        Assert.Throws<ConflictException>(() => procedure.Conclude(Now.AddHours(71), "early"));

        procedure.Break("ESP", "In the last second.", Now.AddHours(72).AddSeconds(-1));
        Assert.Equal(SilenceStatus.Broken, procedure.Status);
        Assert.Throws<ConflictException>(() => procedure.Break("FRA", "Again.", Now.AddHours(1)));
        Assert.Throws<ConflictException>(() => procedure.Conclude(Now.AddHours(73), "after a break"));
    }

    [Fact]
    public void An_unbroken_silence_concludes_at_its_deadline_once()
    {
        var procedure = SilenceProcedure.Start(Guid.NewGuid(), Guid.NewGuid(), [Guid.NewGuid()], Now.AddHours(72), Now, TimeSpan.FromHours(72), "CHAIR");
        Assert.False(procedure.IsDue(Now.AddHours(72).AddTicks(-1)));
        Assert.True(procedure.IsDue(Now.AddHours(72)));

        procedure.Conclude(Now.AddHours(72), "Agreed.");

        Assert.Equal(SilenceStatus.Concluded, procedure.Status);
        Assert.Throws<ConflictException>(() => procedure.Conclude(Now.AddHours(73), "twice"));
    }
}

public class BracketResolutionTests
{
    [Theory]
    [InlineData("States [shall / should] act.", 0, BracketAction.Keep, 1, "States should act.")]
    [InlineData("States [shall / should] act.", 0, BracketAction.Keep, 0, "States shall act.")]
    [InlineData("States shall act [promptly].", 0, BracketAction.Unbracket, null, "States shall act promptly.")]
    [InlineData("States shall act [promptly].", 0, BracketAction.Delete, null, "States shall act.")]
    [InlineData("States [fully] cooperate.", 0, BracketAction.Delete, null, "States cooperate.")]
    [InlineData("[Recalling] the resolution.", 0, BracketAction.Delete, null, "the resolution.")]
    [InlineData("[[Being guided by][In accordance with] the principles]", 1, BracketAction.Unbracket, null, "[Being guided by[In accordance with] the principles]")]
    [InlineData("[por completar]", 0, BracketAction.Keep, null, "por completar")]
    public void The_chair_keeps_an_alternative_unbrackets_or_deletes(string text, int index, BracketAction action, int? alternative, string expected)
    {
        Assert.Equal(expected, BracketResolution.Resolve(text, index, action, alternative));
    }

    [Fact]
    public void Nested_brackets_resolve_from_the_inside_out()
    {
        var text = "[[Being guided by][In accordance with] the principles]";

        Assert.Throws<ConflictException>(() => BracketResolution.Resolve(text, 0, BracketAction.Unbracket, null));
        var step1 = BracketResolution.Resolve(text, 1, BracketAction.Unbracket, null);
        var step2 = BracketResolution.Resolve(step1, 1, BracketAction.Delete, null);
        var step3 = BracketResolution.Resolve(step2, 0, BracketAction.Unbracket, null);

        Assert.Equal("Being guided by the principles", step3);
        Assert.Equal(0, BracketedText.Parse(step3).BracketCount);
    }

    [Fact]
    public void Refusals_name_what_is_wrong()
    {
        Assert.Throws<NotFoundException>(() => BracketResolution.Resolve("No brackets.", 0, BracketAction.Delete, null));
        Assert.Throws<DomainValidationException>(() => BracketResolution.Resolve("[a / b]", 0, BracketAction.Keep, null));
        Assert.Throws<DomainValidationException>(() => BracketResolution.Resolve("[a / b]", 0, BracketAction.Keep, 2));
        Assert.Throws<DomainValidationException>(() => BracketResolution.Resolve("[a / b]", 0, BracketAction.Unbracket, null));
    }
}
