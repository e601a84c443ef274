namespace HomeTelco.Media.Catalog;

/// <summary>
/// An item's file on disk, resolved and checked to be inside its library root; what direct play and
/// the streaming engine open. Obtained only through <see cref="MediaCatalog.ResolveFile(MediaItem)"/>.
/// </summary>
/// <param name="Item">The catalog item.</param>
/// <param name="FullPath">Physical absolute path with symbolic links resolved.</param>
public sealed record MediaFile(MediaItem Item, string FullPath);
