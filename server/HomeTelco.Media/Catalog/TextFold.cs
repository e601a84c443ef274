using System.Globalization;
using System.Text;

namespace HomeTelco.Media.Catalog;

/// <summary>Folds text for search: lower case, accents removed ("Beyoncé" and "BEYONCE" match).</summary>
internal static class TextFold
{
    public static string Fold(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>The search text of an item: its names folded and joined.</summary>
    public static string SearchText(MediaItem item) =>
        Fold(string.Join(' ', new[] { item.Title, item.Artist, item.AlbumArtist, item.Album, item.Series }.Where(s => !string.IsNullOrEmpty(s))));
}
