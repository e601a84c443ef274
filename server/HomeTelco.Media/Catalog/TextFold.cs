using System.Text;

namespace HomeTelco.Media.Catalog;

/// <summary>
/// Folds text for search: lower case, accents removed ("Beyoncé" and "BEYONCE" match). The box runs
/// with invariant globalization (no ICU on a router), where string.Normalize cannot decompose, so
/// Latin letters with diacritics are mapped to their base letter from a table made from Unicode's
/// decompositions (U+00C0 to U+024F).
/// </summary>
internal static class TextFold
{
    private const int TableStart = 0xC0;

    // One base letter per code point from U+00C0; '.' where the letter has no plain base.
    private const string Table =
        "aaaaaa.ceeeeiiii.nooooo..uuuuy..aaaaaa.ceeeeiiii.nooooo..uuuuy.y"
        + "aaaaaaccccccccdd..eeeeeeeeeegggggggghh..iiiiiiiii...jjkk.llllll."
        + "...nnnnnn...oooooo..rrrrrrsssssssstttt..uuuuuuuuuuuuwwyyyzzzzzz."
        + "................................oo.............uu..............."
        + ".............aaiioouuuuuuuuuu.aaaa....ggkkoooo..j...gg..nnaa...."
        + "aaaaeeeeiiiioooorrrruuuusstt..hh......aaeeooooooooyy............"
        + "................";

    private static readonly Dictionary<char, string> Special = new()
    {
        ['ß'] = "ss",
        ['æ'] = "ae",
        ['Æ'] = "ae",
        ['œ'] = "oe",
        ['Œ'] = "oe",
        ['ø'] = "o",
        ['Ø'] = "o",
        ['đ'] = "d",
        ['Đ'] = "d",
        ['ł'] = "l",
        ['Ł'] = "l",
        ['þ'] = "th",
        ['Þ'] = "th",
        ['ð'] = "d",
        ['Ð'] = "d",
        ['ı'] = "i",
    };

    public static string Fold(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c < TableStart)
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (Special.TryGetValue(c, out var replacement))
            {
                builder.Append(replacement);
            }
            else if (c - TableStart < Table.Length && Table[c - TableStart] != '.')
            {
                builder.Append(Table[c - TableStart]);
            }
            else if (c is >= '\u0300' and <= '\u036F')
            {
                // A combining accent of already decomposed text: dropped like the precomposed ones.
            }
            else
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString();
    }

    /// <summary>The search text of an item: its names folded and joined.</summary>
    public static string SearchText(MediaItem item) =>
        Fold(string.Join(' ', new[] { item.Title, item.Artist, item.AlbumArtist, item.Album, item.Series }.Where(s => !string.IsNullOrEmpty(s))));
}
