using System.Collections;
using System.Text;
using HomeTelco.Sip.Headers;

namespace HomeTelco.Sip.Messages;

/// Header fields in wire order. Known headers are found by kind (compact and long forms alike), others by name.
internal sealed class SipHeaderCollection : IReadOnlyList<SipHeader>
{
    private readonly List<SipHeader> _headers;

    public SipHeaderCollection(int capacity = 16)
    {
        _headers = new List<SipHeader>(capacity);
    }

    public int Count => _headers.Count;

    public SipHeader this[int index] => _headers[index];

    /// The parsed top Via while the headers have not changed since it was kept, else null: the front door, the
    /// transaction layer, the registrar and the sender all read it, and each parse allocates its strings and lists
    /// again. Every change to the headers drops it.
    internal SipVia? CachedTopVia { get; set; }

    /// The parsed To, kept like <see cref="CachedTopVia"/>: the validator, the registrar and the response builder read it.
    internal SipNameAddress? CachedTo { get; set; }

    /// The parsed CSeq, kept like <see cref="CachedTopVia"/>.
    internal SipCSeq? CachedCSeq { get; set; }

    public void Add(SipHeader header)
    {
        ForgetParsed();
        _headers.Add(header);
    }

    public void Add(string name, string value) => Add(new SipHeader(name, value));

    public void Insert(int index, SipHeader header)
    {
        ForgetParsed();
        _headers.Insert(index, header);
    }

    public void RemoveAt(int index)
    {
        ForgetParsed();
        _headers.RemoveAt(index);
    }

    /// Removes every header of the kind; returns how many were removed.
    public int RemoveAll(SipHeaderKind kind)
    {
        ForgetParsed();
        return _headers.RemoveAll(h => h.Kind == kind);
    }

    /// Replaces the first header of the kind (keeping its position) or appends one.
    public void Set(SipHeaderKind kind, string value)
    {
        ForgetParsed();
        var header = new SipHeader(Encoding.ASCII.GetBytes(SipHeaderNames.GetCanonicalName(kind)), Encoding.UTF8.GetBytes(value), kind);
        var index = IndexOf(kind);
        if (index < 0)
        {
            _headers.Add(header);
        }
        else
        {
            _headers[index] = header;
        }
    }

    public int IndexOf(SipHeaderKind kind, int start = 0)
    {
        for (var i = start; i < _headers.Count; i++)
        {
            if (_headers[i].Kind == kind)
            {
                return i;
            }
        }

        return -1;
    }

    public int CountOf(SipHeaderKind kind)
    {
        var count = 0;
        foreach (var header in _headers)
        {
            count += header.Kind == kind ? 1 : 0;
        }

        return count;
    }

    public bool Contains(SipHeaderKind kind) => IndexOf(kind) >= 0;

    public bool TryGetFirst(SipHeaderKind kind, out SipHeader header)
    {
        var index = IndexOf(kind);
        header = index < 0 ? default : _headers[index];
        return index >= 0;
    }

    /// First value of a header given by any spelling of its name; null when absent.
    public string? GetFirstValue(string name)
    {
        var kind = SipHeaderNames.Resolve(name);
        if (kind != SipHeaderKind.Unknown)
        {
            return TryGetFirst(kind, out var known) ? known.Value : null;
        }

        var bytes = Encoding.UTF8.GetBytes(name);
        foreach (var header in _headers)
        {
            if (header.Kind == SipHeaderKind.Unknown && Ascii.EqualsIgnoreCase(header.RawName.Span, bytes))
            {
                return header.Value;
            }
        }

        return null;
    }

    /// All headers of the kind in order, without allocating.
    public KindEnumerable OfKind(SipHeaderKind kind) => new(this, kind);

    public List<SipHeader>.Enumerator GetEnumerator() => _headers.GetEnumerator();

    IEnumerator<SipHeader> IEnumerable<SipHeader>.GetEnumerator() => _headers.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _headers.GetEnumerator();

    internal readonly struct KindEnumerable(SipHeaderCollection owner, SipHeaderKind kind)
    {
        public KindEnumerator GetEnumerator() => new(owner, kind);
    }

    internal struct KindEnumerator(SipHeaderCollection owner, SipHeaderKind kind)
    {
        private int _index = -1;

        public readonly SipHeader Current => owner._headers[_index];

        public bool MoveNext()
        {
            _index = owner.IndexOf(kind, _index + 1);
            return _index >= 0;
        }
    }

    private void ForgetParsed()
    {
        CachedTopVia = null;
        CachedTo = null;
        CachedCSeq = null;
    }
}
