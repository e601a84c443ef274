namespace HomeTelco.Media.Scanning;

/// <summary>A media file the walker found: where it is and the two facts that decide whether it changed.</summary>
internal sealed record FoundFile(string RelativePath, string FullPath, long Size, long ModifiedTicks);
