using System.Globalization;
using System.Text;

namespace OewgDrafting.Domain.Search;

/// <summary>A word of a text: where it is in the original and its normalised form.</summary>
public readonly record struct TextWord(int Start, int Length, string Normalized);

/// <summary>
/// How texts are compared when searched and when their precedents are sought: words are runs of letters and digits,
/// compared without case and without accents (<c>tecnologias</c> is <c>tecnologías</c>); anything else (an
/// apostrophe, a hyphen, a slash) separates words; each Chinese, Japanese or
/// Korean ideograph is a word of its own, so that Chinese is searched by characters. Both databases index the form
/// this class produces, so they find the same words.
/// </summary>
public static class SearchText
{
    /// <summary>The text's words, in order.</summary>
    public static List<TextWord> Words(string text)
    {
        var words = new List<TextWord>();
        var i = 0;
        while (i < text.Length)
        {
            if (IsIdeograph(text, i, out var width))
            {
                words.Add(new TextWord(i, width, Normalize(text.Substring(i, width))));
                i += width;
                continue;
            }

            if (!IsWordChar(text, i, out width))
            {
                i += width;
                continue;
            }

            var start = i;
            while (i < text.Length && !IsIdeograph(text, i, out _) && IsWordChar(text, i, out width))
            {
                i += width;
            }

            words.Add(new TextWord(start, i - start, Normalize(text[start..i])));
        }

        return words;
    }

    /// <summary>The text as the index holds it: its normalised words separated by single spaces.</summary>
    public static string Indexed(string? text) => text is null ? string.Empty : Indexed(Words(text));

    /// <summary>The same, from the text's words already read.</summary>
    public static string Indexed(IEnumerable<TextWord> words) => string.Join(' ', words.Select(w => w.Normalized));

    /// <summary>Lower case, accents removed (NFD, combining marks dropped).</summary>
    public static string Normalize(string word)
    {
        if (System.Text.Ascii.IsValid(word))
        {
            return word.ToLowerInvariant();
        }

        var decomposed = word.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var ch in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(ch);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                continue;
            }

            builder.Append(char.ToLowerInvariant(ch));
        }

        return builder.ToString().Normalize(NormalizationForm.FormC).Replace("ß", "ss", StringComparison.Ordinal);
    }

    /// <summary>Whether the word is written in ideographs (searched by characters, never stemmed).</summary>
    public static bool IsIdeographic(string word) => word.Length > 0 && IsIdeograph(word, 0, out _);

    private static bool IsWordChar(string text, int i, out int width)
    {
        width = char.IsSurrogatePair(text, i) ? 2 : 1;
        var category = CharUnicodeInfo.GetUnicodeCategory(text, i);
        return category is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber
            or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
    }

    private static bool IsIdeograph(string text, int i, out int width)
    {
        width = char.IsSurrogatePair(text, i) ? 2 : 1;
        var code = char.ConvertToUtf32(text, i);
        return code is (>= 0x3400 and <= 0x4DBF) or (>= 0x4E00 and <= 0x9FFF) or (>= 0xF900 and <= 0xFAFF)
            or (>= 0x3040 and <= 0x30FF) or (>= 0xAC00 and <= 0xD7AF) or (>= 0x20000 and <= 0x2FA1F);
    }
}
