using HomeTelco.Core.Users;
using HomeTelco.Media.Catalog;
using HomeTelco.Media.Rights;
using HomeTelco.Web.Security;
using Microsoft.AspNetCore.Components.Authorization;

namespace HomeTelco.Web.Pages.Media;

/// <summary>What the signed-in person may see of the catalog: the pages ask here, never the catalog directly.</summary>
internal static class MediaViewer
{
    public static async Task<User?> UserAsync(Task<AuthenticationState>? state, UserService users) =>
        await PortalUser.ResolveAsync(state, users).ConfigureAwait(false);

    public static IReadOnlyList<MediaItem> Items(User? user, MediaCatalog catalog, MediaItemKind kind) =>
        user is null ? [] : MediaAccess.Filter(user, catalog.ItemsOfKind(kind, MediaAccess.VisibleLibraries(user))).ToList();

    public static IReadOnlyList<MediaItem> Search(User? user, MediaCatalog catalog, string query) =>
        user is null ? [] : MediaAccess.Filter(user, catalog.Search(query, MediaAccess.VisibleLibraries(user))).ToList();

    public static MediaItem? Item(User? user, MediaCatalog catalog, int id) =>
        user is not null && catalog.FindItem(id) is { } item && MediaAccess.CanSee(user, item) ? item : null;

    public static string Duration(double seconds)
    {
        var time = TimeSpan.FromSeconds(Math.Max(0, seconds));
        return time.TotalHours >= 1
            ? ((int)time.TotalHours).ToString(System.Globalization.CultureInfo.InvariantCulture) + time.ToString(@"\:mm\:ss", System.Globalization.CultureInfo.InvariantCulture)
            : time.ToString(@"m\:ss", System.Globalization.CultureInfo.InvariantCulture);
    }
}
