using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OewgDrafting.Domain.Amendments;
using OewgDrafting.Domain.Documents;

namespace OewgDrafting.Api.Infrastructure.Persistence.Configurations;

internal sealed class AmendmentConfiguration : IEntityTypeConfiguration<Amendment>
{
    public void Configure(EntityTypeBuilder<Amendment> builder)
    {
        builder.ToTable("amendments");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.HasOne<Document>().WithMany().HasForeignKey(a => a.DocumentId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(a => a.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.Placement).HasConversion<string>().HasMaxLength(10);
        builder.Property(a => a.Quote).HasMaxLength(Block.MaxTextLength);
        builder.Property(a => a.Text).HasMaxLength(Block.MaxTextLength);
        builder.Property(a => a.Justification).HasMaxLength(Amendment.MaxJustificationLength);
        builder.Property(a => a.Proposer).HasMaxLength(12);
        builder.Property(a => a.SubmittedBy).HasMaxLength(12);
        builder.Property(a => a.DecidedBy).HasMaxLength(12);
        builder.Property(a => a.Reason).HasMaxLength(Amendment.MaxJustificationLength);
        builder.Property(a => a.Cosponsors).HasColumnName("cosponsors").AsJsonList();
        builder.Property(a => a.Invited).HasColumnName("invited").AsJsonList();
        builder.Property(a => a.History).HasColumnName("history").AsJson();
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.Ignore(a => a.Change);
        builder.Ignore(a => a.IsPending);
        builder.HasIndex(a => new { a.DocumentId, a.Number }).IsUnique();
        // Covers the consensus picture's query (pending amendments per paragraph) without touching the wide rows.
        builder.HasIndex(a => new { a.DocumentId, a.Status, a.BlockId, a.Number, a.Proposer });
        // The collisions in a proposal's answer: pending amendments on the paragraph by kind, and those whose span overlaps,
        // found in the index (see DescribeProposal). It also serves every other look-up by paragraph (a paragraph's id
        // names its document), so no (DocumentId, BlockId) index is kept beside it: every proposal paid for one more
        // B-tree to insert into, at a random place, in the writer's turn.
        // Its last column keeps sub-amendments (which target their parent's words) out of the scans, on the index entries.
        builder.HasIndex(a => new { a.BlockId, a.Status, a.Kind, a.BaseVersion, a.AnchorStart, a.AnchorEnd, a.ParentId });
        // A parent's sub-amendments; ordinary amendments (no parent) are not in it, so a proposal does not pay for it.
        builder.HasIndex(a => a.ParentId).HasFilter("\"ParentId\" IS NOT NULL");
    }
}

internal sealed class BlockRevisionConfiguration : IEntityTypeConfiguration<BlockRevision>
{
    public void Configure(EntityTypeBuilder<BlockRevision> builder)
    {
        builder.ToTable("block_revisions");
        // No foreign key: a deleted paragraph keeps its history.
        builder.HasKey(r => new { r.BlockId, r.Version });
        builder.Property(r => r.Label).HasMaxLength(Block.MaxLabelLength);
        builder.Property(r => r.Text).HasMaxLength(Block.MaxTextLength);
    }
}
