namespace HomeTelco.Media.Metadata;

/// <summary>
/// Content ratings on one scale, so "PG-13" and "TV-14" compare: 0 everyone, 1 parental guidance,
/// 2 teens, 3 adults, 4 adults only. Unknown text has no level.
/// </summary>
public static class ContentRatings
{
    private static readonly Dictionary<string, int> Levels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["G"] = 0, ["TV-Y"] = 0, ["TV-Y7"] = 0, ["TV-G"] = 0, ["U"] = 0, ["FSK 0"] = 0, ["FSK0"] = 0, ["clean"] = 0,
        ["PG"] = 1, ["TV-PG"] = 1, ["12"] = 1, ["12A"] = 1, ["FSK 6"] = 1, ["FSK 12"] = 2,
        ["PG-13"] = 2, ["TV-14"] = 2, ["15"] = 2, ["FSK 16"] = 3,
        ["R"] = 3, ["TV-MA"] = 3, ["18"] = 3, ["explicit"] = 3, ["FSK 18"] = 4,
        ["NC-17"] = 4, ["X"] = 4, ["R18"] = 4,
    };

    /// <summary>The ratings an admin can pick, least restrictive last.</summary>
    public static IReadOnlyList<string> Choices { get; } = ["G", "PG", "PG-13", "R", "NC-17"];

    /// <summary>The level of a rating text, or null when unknown.</summary>
    public static int? Level(string? rating)
    {
        if (string.IsNullOrWhiteSpace(rating))
        {
            return null;
        }

        var text = rating.Trim();
        // iTunes writes "mpaa|PG-13|300|": the middle field is the rating.
        var parts = text.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length >= 2)
        {
            text = parts[1];
        }

        return Levels.TryGetValue(text, out var level) ? level : null;
    }

    /// <summary>True when an item rated <paramref name="itemRating"/> may be shown under a cap of <paramref name="maxRating"/>.</summary>
    public static bool Allows(string? maxRating, string? itemRating)
    {
        var cap = Level(maxRating);
        if (cap is null)
        {
            return true;
        }

        // An item rated with text we cannot place is treated as adults-only under a cap; unrated items are shown.
        if (string.IsNullOrWhiteSpace(itemRating))
        {
            return true;
        }

        return (Level(itemRating) ?? int.MaxValue) <= cap;
    }

    internal static string? FromTags(IReadOnlyDictionary<string, string> tags)
    {
        foreach (var name in (string[])["rating", "content rating", "contentrating", "content_rating", "itunextc", "ITUNESADVISORY"])
        {
            if (tags.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                if (name.Equals("ITUNESADVISORY", StringComparison.OrdinalIgnoreCase))
                {
                    return value.Trim() == "1" ? "explicit" : null;
                }

                var parts = value.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var rating = parts.Length >= 2 ? parts[1] : value.Trim();
                return rating.Length > 32 ? rating[..32] : rating;
            }
        }

        return null;
    }
}
