using HomeTelco.Torrent.Pieces;
using HomeTelco.Torrent.Storage;

namespace HomeTelco.Torrent.Resume;

/// <summary>
/// Decides from saved resume data and the files as they are now which pieces to trust and which to re-check.
/// <para>
/// A piece is trusted when it was verified at the last save and none of its files changed since (same existence,
/// size and write time). Its bytes were fsynced before that save, so a crash cannot have lost them; any later write
/// to its files, ours or someone else's, bumps the write time and sends the piece back to hashing.
/// Every other piece that touches a changed file is re-checked: a file whose write time moved was written after the
/// save, which is how pieces finished between the last save and a crash are recovered without downloading them again.
/// Pieces in unchanged files that were not verified are simply missing.
/// </para>
/// <para>
/// The clean-stop marker covers one gap: write times have coarse ticks, so after an unclean stop a file written
/// within <see cref="WriteTimeSlack"/> before the save may have been written again in the same tick, and is treated
/// as changed. A clean stop saved after the last write, so its times are exact.
/// </para>
/// </summary>
internal static class ResumePlanner
{
    /// <summary>How close to the save a file's write time must be to be doubted after an unclean stop.</summary>
    public static readonly TimeSpan WriteTimeSlack = TimeSpan.FromSeconds(2);

    /// <summary>Plans a start of <paramref name="layout"/> from <paramref name="saved"/> (null: none) and <paramref name="now"/> (one state per file).</summary>
    public static ResumePlan Plan(TorrentLayout layout, TorrentResumeDocument? saved, IReadOnlyList<StoredFileState> now)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(now);
        if (now.Count != layout.Files.Count)
        {
            throw new ArgumentException("One state per file is needed.", nameof(now));
        }

        var unusable = saved is null ? null : Validate(layout, saved);
        Bitfield? savedBits = null;
        if (saved is not null && unusable is null && !Bitfield.TryRead(saved.Verified, layout.PieceCount, out savedBits))
        {
            unusable = "its bitfield does not fit the torrent";
        }

        var usable = saved is not null && unusable is null;
        var changed = new bool[layout.Files.Count];
        var changedCount = 0;
        for (var i = 0; i < changed.Length; i++)
        {
            var file = layout.Files[i];
            if (file.IsPadding || file.Length == 0)
            {
                continue;
            }

            // Without usable resume data, any file on disk may hold pieces: all of them are "changed".
            changed[i] = usable ? HasChanged(saved!, saved!.Files[i], now[i]) : now[i].Exists;
            if (changed[i])
            {
                changedCount++;
            }
        }

        var trusted = new Bitfield(layout.PieceCount);
        var toCheck = new List<int>();
        var touchesChanged = new bool[layout.PieceCount];
        var touchesMissing = new bool[layout.PieceCount];
        for (var i = 0; i < changed.Length; i++)
        {
            var file = layout.Files[i];
            if (file.IsPadding)
            {
                continue;
            }

            var (first, last) = PieceMap.PiecesOf(layout, i);
            for (var piece = first; piece <= last; piece++)
            {
                touchesChanged[piece] |= changed[i];
                touchesMissing[piece] |= !now[i].Exists;
            }
        }

        for (var piece = 0; piece < layout.PieceCount; piece++)
        {
            if (touchesMissing[piece])
            {
                continue;
            }

            if (savedBits is not null && savedBits[piece] && !touchesChanged[piece])
            {
                trusted.Set(piece);
            }
            else if (touchesChanged[piece] || !usable)
            {
                toCheck.Add(piece);
            }
        }

        return new ResumePlan(trusted, toCheck, changedCount, usable && saved!.CleanStop, unusable);
    }

    private static bool HasChanged(TorrentResumeDocument saved, ResumeFileDocument then, StoredFileState now)
    {
        if (then.Exists != now.Exists || then.Length != now.Length || then.LastWriteTicks != now.LastWriteTicks)
        {
            return true;
        }

        return now.Exists && !saved.CleanStop && saved.SavedAtTicks - then.LastWriteTicks < WriteTimeSlack.Ticks;
    }

    private static string? Validate(TorrentLayout layout, TorrentResumeDocument saved)
    {
        if (saved.PieceCount != layout.PieceCount || saved.PieceLength != layout.PieceLength)
        {
            return $"it describes {saved.PieceCount} pieces of {saved.PieceLength} bytes, the torrent has {layout.PieceCount} of {layout.PieceLength}";
        }

        if (saved.Files is null || saved.Files.Count != layout.Files.Count || saved.Files.Contains(null!))
        {
            return "its file list does not match the torrent";
        }

        return null;
    }
}
