using System.Globalization;
using System.Text.RegularExpressions;

namespace HomeTelco.Media.Metadata;

/// <summary>
/// What a file's name and folders say when its tags are silent: "Show S01E02", "Show 1x02",
/// "Show/Season 1/02 - Title" for episodes, "Title (Year)" for films, "03 - Title" for tracks.
/// </summary>
internal sealed partial record FileNameFacts(string Title, string? Series, int? Season, int? Episode, int? Year, int? Track)
{
    public bool IsEpisode => Series is not null && Episode is not null;

    /// <param name="relativePath">Path below the library root, '/' separated.</param>
    public static FileNameFacts From(string relativePath)
    {
        var parts = relativePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var stem = Path.GetFileNameWithoutExtension(parts[^1]);
        var parent = parts.Length >= 2 ? parts[^2] : null;
        var grandParent = parts.Length >= 3 ? parts[^3] : null;

        var seasonEpisode = SeasonEpisodeRegex().Match(stem);
        if (!seasonEpisode.Success)
        {
            seasonEpisode = CrossFormRegex().Match(stem);
        }

        if (seasonEpisode.Success)
        {
            var before = Clean(stem[..seasonEpisode.Index]);
            var after = Clean(stem[(seasonEpisode.Index + seasonEpisode.Length)..]);
            var seasonFolder = parent is null ? null : SeasonFolderRegex().Match(parent);
            var series = before.Length > 0 ? before
                : seasonFolder is { Success: true } ? grandParent
                : parent;
            return new FileNameFacts(
                after.Length > 0 ? after : stem,
                series,
                Number(seasonEpisode.Groups["s"].Value),
                Number(seasonEpisode.Groups["e"].Value),
                null,
                null);
        }

        // "Show/Season 1/02 - Title": the season from the folder, the episode from the leading number.
        var folderSeason = parent is null ? null : SeasonFolderRegex().Match(parent);
        var leading = LeadingNumberRegex().Match(stem);
        if (folderSeason is { Success: true } && grandParent is not null && leading.Success)
        {
            var rest = Clean(stem[leading.Length..]);
            return new FileNameFacts(rest.Length > 0 ? rest : stem, grandParent, Number(folderSeason.Groups["s"].Value), Number(leading.Groups["n"].Value), null, null);
        }

        var movie = TitleYearRegex().Match(stem);
        if (movie.Success)
        {
            return new FileNameFacts(Clean(movie.Groups["t"].Value), null, null, null, Number(movie.Groups["y"].Value), null);
        }

        if (leading.Success)
        {
            var rest = Clean(stem[leading.Length..]);
            if (rest.Length > 0)
            {
                return new FileNameFacts(rest, null, null, null, null, Number(leading.Groups["n"].Value));
            }
        }

        return new FileNameFacts(Clean(stem) is { Length: > 0 } clean ? clean : stem, null, null, null, null, null);
    }

    private static int? Number(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>Dots and underscores are word separators in release names; dashes at the ends are decoration.</summary>
    private static string Clean(string text) =>
        text.Replace('.', ' ').Replace('_', ' ').Trim().Trim('-', ' ', '[', ']').Trim();

    [GeneratedRegex(@"[Ss](?<s>\d{1,3})[ ._-]?[Ee](?<e>\d{1,4})", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex SeasonEpisodeRegex();

    [GeneratedRegex(@"(?<![0-9])(?<s>\d{1,2})x(?<e>\d{1,3})(?![0-9])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex CrossFormRegex();

    [GeneratedRegex(@"^(?:Season|Series|Staffel|Saison|S)[ ._-]*(?<s>\d{1,3})$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 100)]
    private static partial Regex SeasonFolderRegex();

    [GeneratedRegex(@"^(?<n>\d{1,3})(?![0-9])[ ._-]*", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex LeadingNumberRegex();

    [GeneratedRegex(@"^(?<t>.+?)[ ._]*[\(\[](?<y>(?:19|20)\d{2})[\)\]]", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex TitleYearRegex();
}
