using HomeTelco.Media.Catalog;

namespace HomeTelco.Media.Artwork;

/// <summary>The public door to stored artwork: the file of an item's picture, for the API to serve.</summary>
public sealed class MediaArtwork
{
    private readonly ArtworkStore _store;

    internal MediaArtwork(ArtworkStore store) => _store = store;

    /// <summary>Full path of the item's stored JPEG, or null when it has none.</summary>
    public string? FileOf(MediaItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return _store.PathOf(item.ArtworkFile);
    }
}
