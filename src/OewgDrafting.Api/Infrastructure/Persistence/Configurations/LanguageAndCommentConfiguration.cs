using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OewgDrafting.Domain.Comments;
using OewgDrafting.Domain.Delegations;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Languages;

namespace OewgDrafting.Api.Infrastructure.Persistence.Configurations;

internal sealed class LanguageVersionConfiguration : IEntityTypeConfiguration<LanguageVersion>
{
    public void Configure(EntityTypeBuilder<LanguageVersion> builder)
    {
        builder.ToTable("language_versions");
        builder.HasKey(v => new { v.DocumentId, v.Language });
        builder.HasOne<Document>().WithMany().HasForeignKey(v => v.DocumentId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(v => v.Language).HasMaxLength(35);
        builder.Property(v => v.Title).HasMaxLength(Document.MaxTitleLength).IsRequired();
        builder.Property(v => v.CreatedBy).HasMaxLength(12);
        builder.Property(v => v.FrontMatter).HasColumnName("front_matter").AsJson();
    }
}

internal sealed class TranslatedBlockConfiguration : IEntityTypeConfiguration<TranslatedBlock>
{
    public void Configure(EntityTypeBuilder<TranslatedBlock> builder)
    {
        builder.ToTable("translated_blocks");
        builder.HasKey(t => new { t.DocumentId, t.Language, t.BlockId });
        builder.HasOne<LanguageVersion>().WithMany().HasForeignKey(t => new { t.DocumentId, t.Language }).OnDelete(DeleteBehavior.Cascade);
        builder.Property(t => t.Language).HasMaxLength(35);
        builder.Property(t => t.Label).HasMaxLength(Block.MaxLabelLength);
        builder.Property(t => t.Text).HasMaxLength(Block.MaxTextLength).IsRequired();
        builder.Property(t => t.UpdatedBy).HasMaxLength(12);
        builder.Property(t => t.Version).IsConcurrencyToken();
    }
}

internal sealed class CommentConfiguration : IEntityTypeConfiguration<Comment>
{
    public void Configure(EntityTypeBuilder<Comment> builder)
    {
        builder.ToTable("comments");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.HasOne<Document>().WithMany().HasForeignKey(c => c.DocumentId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(c => c.Author).HasMaxLength(12);
        builder.Property(c => c.ThreadAuthor).HasMaxLength(12);
        builder.Property(c => c.Visibility).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.Text).HasMaxLength(Comment.MaxTextLength).IsRequired();
        builder.Property(c => c.Quote).HasMaxLength(Comment.MaxQuoteLength);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasIndex(c => new { c.DocumentId, c.Sequence });
        builder.HasIndex(c => new { c.DocumentId, c.BlockId });
        builder.HasIndex(c => c.ParentId);
        builder.HasIndex(c => c.ThreadId);
    }
}
