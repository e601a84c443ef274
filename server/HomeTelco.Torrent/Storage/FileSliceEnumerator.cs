namespace HomeTelco.Torrent.Storage;

/// <summary>
/// Walks the files a range of the torrent's byte space covers, in order, without allocating. Zero-length files are
/// skipped (they hold no bytes); bytes before a file that starts later (v2 alignment) come out as a gap.
/// </summary>
internal struct FileSliceEnumerator
{
    private readonly IReadOnlyList<TorrentFileSpan> _files;
    private readonly long _start;
    private readonly long _end;
    private long _position;
    private int _file;

    public FileSliceEnumerator(TorrentLayout layout, long start, int length)
    {
        _files = layout.Files;
        _start = start;
        _end = start + length;
        _position = start;
        _file = FirstFileEndingAfter(layout.Files, start);
        Current = default;
    }

    public FileSlice Current { get; private set; }

    public readonly FileSliceEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_position >= _end)
        {
            return false;
        }

        while (_file < _files.Count && _files[_file].Offset + _files[_file].Length <= _position)
        {
            _file++;
        }

        long sliceEnd;
        if (_file >= _files.Count)
        {
            // Past the last file: cannot happen for a range the layout validated, but never read out of bounds.
            sliceEnd = _end;
            Current = new FileSlice(-1, 0, (int)(sliceEnd - _position), (int)(_position - _start), IsStored: false);
        }
        else
        {
            var file = _files[_file];
            if (_position < file.Offset)
            {
                sliceEnd = Math.Min(file.Offset, _end);
                Current = new FileSlice(-1, 0, (int)(sliceEnd - _position), (int)(_position - _start), IsStored: false);
            }
            else
            {
                sliceEnd = Math.Min(file.Offset + file.Length, _end);
                Current = new FileSlice(_file, _position - file.Offset, (int)(sliceEnd - _position), (int)(_position - _start), !file.IsPadding);
            }
        }

        _position = sliceEnd;
        return true;
    }

    /// <summary>Binary search: ends are non-decreasing because files are ordered and never overlap.</summary>
    private static int FirstFileEndingAfter(IReadOnlyList<TorrentFileSpan> files, long position)
    {
        int low = 0, high = files.Count;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (files[mid].Offset + files[mid].Length <= position)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }
}
