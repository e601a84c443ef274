using HomeTelco.Core.Users;
using HomeTelco.Media.Catalog;
using HomeTelco.Media.Metadata;

namespace HomeTelco.Media.Rights;

/// <summary>
/// Who sees what: admins see every library, a member only the libraries an admin granted; and for
/// every account with a maximum content rating (a child's), items rated above it are hidden.
/// </summary>
public static class MediaAccess
{
    /// <summary>The libraries the account may see, or null for all of them (an admin).</summary>
    public static IReadOnlySet<int>? VisibleLibraries(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Role == UserRole.Admin ? null : user.MediaLibraryIds.ToHashSet();
    }

    public static bool CanSeeLibrary(User user, int libraryId) => VisibleLibraries(user) is not { } set || set.Contains(libraryId);

    public static bool CanSee(User user, MediaItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return CanSeeLibrary(user, item.LibraryId) && ContentRatings.Allows(user.MaxContentRating, item.EffectiveRating);
    }

    /// <summary>The items among <paramref name="items"/> the account may see.</summary>
    public static IEnumerable<MediaItem> Filter(User user, IEnumerable<MediaItem> items)
    {
        ArgumentNullException.ThrowIfNull(user);
        var libraries = VisibleLibraries(user);
        return items.Where(i => (libraries is null || libraries.Contains(i.LibraryId)) && ContentRatings.Allows(user.MaxContentRating, i.EffectiveRating));
    }
}
