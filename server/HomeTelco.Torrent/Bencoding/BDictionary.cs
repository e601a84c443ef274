using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace HomeTelco.Torrent.Bencoding;

/// <summary>
/// A bencoded dictionary: <c>d3:cow3:mooe</c>. Keys are byte strings; when decoded strictly they are in
/// ascending raw-byte order without duplicates, so lookups are a binary search.
/// </summary>
[SuppressMessage("Naming", "CA1711", Justification = "BEP 3 calls it a dictionary; the name is fixed by the shared bencode contract.")]
public sealed class BDictionary : BValue
{
    // Keys are only known to be sorted and unique when the decoder checked them; otherwise lookups scan
    // and the first entry with a key wins.
    private readonly bool _sorted;

    internal BDictionary(ReadOnlyMemory<byte> raw, IReadOnlyList<KeyValuePair<BString, BValue>> entries, bool sorted)
        : base(raw)
    {
        Entries = entries;
        _sorted = sorted;
    }

    /// <summary>The entries in the order they were encoded.</summary>
    public IReadOnlyList<KeyValuePair<BString, BValue>> Entries { get; }

    /// <summary>Number of entries.</summary>
    public int Count => Entries.Count;

    /// <summary>The value under <paramref name="key"/> (compared as UTF-8 bytes), or null.</summary>
    public BValue? this[string key]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(key);
            var max = Encoding.UTF8.GetMaxByteCount(key.Length);
            var buffer = max <= 256 ? stackalloc byte[max] : new byte[max];
            var length = Encoding.UTF8.GetBytes(key, buffer);
            return Find(buffer[..length]);
        }
    }

    /// <summary>The value under the raw key <paramref name="key"/>, or null.</summary>
    public BValue? Find(ReadOnlySpan<byte> key)
    {
        if (_sorted)
        {
            int lo = 0, hi = Entries.Count - 1;
            while (lo <= hi)
            {
                var mid = lo + ((hi - lo) >> 1);
                var order = Entries[mid].Key.Bytes.Span.SequenceCompareTo(key);
                if (order == 0)
                {
                    return Entries[mid].Value;
                }

                if (order < 0)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid - 1;
                }
            }

            return null;
        }

        foreach (var entry in Entries)
        {
            if (entry.Key.Bytes.Span.SequenceEqual(key))
            {
                return entry.Value;
            }
        }

        return null;
    }

    /// <summary>True when <paramref name="key"/> is present and its value is a <typeparamref name="T"/>.</summary>
    public bool TryGet<T>(string key, [NotNullWhen(true)] out T? value)
        where T : BValue
    {
        value = this[key] as T;
        return value is not null;
    }
}
