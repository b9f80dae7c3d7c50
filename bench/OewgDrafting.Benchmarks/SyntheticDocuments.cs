using System.Globalization;
using System.Text;
using OewgDrafting.Domain.Documents;
using OewgDrafting.Domain.Rendering;

namespace OewgDrafting.Benchmarks;

/// <summary>Negotiation-sized documents, generated deterministically.</summary>
public static class SyntheticDocuments
{
    private static readonly string[] Words =
    [
        "States", "shall", "should", "cooperate", "the", "international", "law", "information", "security", "and/or",
        "capacity-building", "confidence", "measures", "responsible", "behaviour", "in", "accordance", "with", "A/78/265",
    ];

    /// <summary>
    /// A report of <paramref name="paragraphs"/> numbered paragraphs under headings, with exactly
    /// <paramref name="brackets"/> brackets spread over them (alternatives, nesting and placeholders included).
    /// </summary>
    public static TextDocument Create(int paragraphs, int brackets, int seed = 42)
    {
        var random = new Random(seed);
        var blocks = new List<TextBlock>(paragraphs + paragraphs / 10);
        var bracketsLeft = brackets;
        for (var i = 0; i < paragraphs; i++)
        {
            if (i % 10 == 0)
            {
                blocks.Add(new TextBlock(Guid.NewGuid(), BlockKind.Heading, 1, $"{(char)('A' + i / 10 % 26)}.", "Section heading"));
            }

            var share = bracketsLeft / (paragraphs - i);
            bracketsLeft -= share;
            blocks.Add(new TextBlock(Guid.NewGuid(), BlockKind.Paragraph, null, (i + 1).ToString(CultureInfo.InvariantCulture),
                Paragraph(random, share)));
        }

        return new TextDocument("A/AC.292/2026/L.1", "Synthetic report", "en",
            [new FrontMatterLine("body", "General Assembly", 0)], blocks);
    }

    public static string Paragraph(Random random, int brackets)
    {
        var builder = new StringBuilder();
        AppendWords(builder, random, 12);
        var written = 0;
        while (written < brackets)
        {
            builder.Append(' ');
            var kind = random.Next(4);
            if (kind == 0 && brackets - written >= 2)
            {
                builder.Append("[[");
                AppendWords(builder, random, 3);
                builder.Append("] ");
                AppendWords(builder, random, 3);
                builder.Append(']');
                written += 2;
            }
            else if (kind == 1)
            {
                builder.Append('[');
                AppendWords(builder, random, 2);
                builder.Append(" / ");
                AppendWords(builder, random, 2);
                builder.Append(']');
                written++;
            }
            else
            {
                builder.Append('[');
                AppendWords(builder, random, 4);
                builder.Append(']');
                written++;
            }

            builder.Append(" see [A/77/275](#) ");
            AppendWords(builder, random, 6);
        }

        return builder.Append('.').ToString();
    }

    private static void AppendWords(StringBuilder builder, Random random, int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                builder.Append(' ');
            }

            builder.Append(Words[random.Next(Words.Length)]);
        }
    }
}
