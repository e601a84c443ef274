using System.Security.Cryptography;
using System.Text;
using HomeTelco.Core;
using HomeTelco.Media.Catalog;
using HomeTelco.Media.Scanning;

namespace HomeTelco.Media.Artwork;

/// <summary>
/// Makes and keeps each item's small artwork under <c>&lt;data&gt;/artwork</c>: the embedded cover,
/// else cover.jpg/folder.jpg beside the file, else a video frame at about 10 %. Every picture is
/// scaled down by ffmpeg to fit <see cref="MaxSize"/> so a phone never downloads a 3000-pixel scan.
/// </summary>
internal sealed class ArtworkStore(BoxPaths paths, MediaToolPaths tools)
{
    /// <summary>Longest side of stored artwork, in pixels.</summary>
    public const int MaxSize = 320;

    private static readonly string[] FolderImageNames = ["cover.jpg", "folder.jpg", "cover.png", "folder.png", "front.jpg"];

    public string Folder { get; } = Path.Combine(paths.DataDir, "artwork");

    /// <summary>The stored artwork file for a name from <see cref="MediaItem.ArtworkFile"/>, or null when missing or not one of ours.</summary>
    public string? PathOf(string? artworkFile)
    {
        if (string.IsNullOrEmpty(artworkFile) || artworkFile.Contains('/', StringComparison.Ordinal) || artworkFile.Contains('\\', StringComparison.Ordinal) || artworkFile.StartsWith('.'))
        {
            return null;
        }

        var path = Path.Combine(Folder, artworkFile);
        return File.Exists(path) ? path : null;
    }

    /// <summary>
    /// Makes the artwork of a freshly probed item and returns its file name, or null when the item
    /// has none (an audio file without cover, or ffmpeg failed on it).
    /// </summary>
    public async Task<string?> MakeAsync(MediaItem item, string fullPath, int? coverStreamIndex, CancellationToken cancellationToken)
    {
        BoxPaths.EnsurePrivateDirectory(Folder);
        var name = FileName(item.PathKey);
        var target = Path.Combine(Folder, name);
        List<string> input;
        if (coverStreamIndex is { } cover)
        {
            input = ["-i", "file:" + fullPath, "-map", "0:" + cover.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        }
        else if (FolderImage(fullPath) is { } image)
        {
            input = ["-i", "file:" + image];
        }
        else if (item.VideoCodec is not null)
        {
            var at = item.DurationSeconds > 0 ? item.DurationSeconds * 0.1 : 0;
            input = ["-ss", at.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture), "-i", "file:" + fullPath, "-map", "0:V:0"];
        }
        else
        {
            DeleteFile(target);
            return null;
        }

        var temporary = target + ".tmp.jpg";
        List<string> arguments = ["-nostdin", "-v", "error", "-y", .. input, "-frames:v", "1",
            "-vf", $"scale={MaxSize}:{MaxSize}:force_original_aspect_ratio=decrease", "-q:v", "5", "-f", "image2", "-c:v", "mjpeg", temporary];
        var outcome = await ToolRun.RunAsync(tools.Ffmpeg, arguments, tools.ProbeTimeout, 4096, cancellationToken).ConfigureAwait(false);
        if (outcome.ExitCode != 0 || !File.Exists(temporary) || new FileInfo(temporary).Length == 0)
        {
            DeleteFile(temporary);
            return null;
        }

        File.Move(temporary, target, overwrite: true);
        return name;
    }

    public void Delete(string? artworkFile)
    {
        if (PathOf(artworkFile) is { } path)
        {
            DeleteFile(path);
        }
    }

    private static void DeleteFile(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left for the next scan; an orphaned thumbnail costs a few kilobytes.
        }
    }

    private static string? FolderImage(string fullPath)
    {
        var folder = Path.GetDirectoryName(fullPath);
        if (folder is null)
        {
            return null;
        }

        foreach (var name in FolderImageNames)
        {
            var candidate = Path.Combine(folder, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Named after the item's library and path, so the name is stable and never derived from file content.</summary>
    private static string FileName(string pathKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(pathKey)).AsSpan(0, 16)) + ".jpg";
}
