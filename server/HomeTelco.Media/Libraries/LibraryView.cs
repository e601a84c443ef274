using HomeTelco.Media.Scanning;

namespace HomeTelco.Media.Libraries;

/// <summary>A library with its scan state and item count, as the API and the portal show it.</summary>
public sealed record LibraryView(int Id, string Name, MediaLibraryKind Kind, string Path, bool Offline, DateTimeOffset? LastScanAt, int Items, ScanProgress Scan);
