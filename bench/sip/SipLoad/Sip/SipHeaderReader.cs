namespace SipLoad.Sip;

/// <summary>
/// Walks a received SIP message line by line: the start line first, then one header field per <see cref="Next"/>.
/// Only what a load generator needs: no folding (neither Kamailio nor the box folds), CRLF or bare LF line ends.
/// </summary>
internal ref struct SipHeaderReader
{
    private readonly ReadOnlySpan<byte> _message;
    private int _position;
    private bool _done;

    public SipHeaderReader(ReadOnlySpan<byte> message)
    {
        _message = message;
        _position = 0;
        _done = false;
        StartLine = ReadLine();
    }

    /// <summary>The first line: "SIP/2.0 200 OK" or "INVITE sip:... SIP/2.0".</summary>
    public ReadOnlySpan<byte> StartLine { get; }

    /// <summary>What follows the empty line; meaningful once <see cref="Next"/> has returned false.</summary>
    public readonly ReadOnlySpan<byte> Body => _done ? _message[_position..] : [];

    /// <summary>The next header field: its name, its value without surrounding blanks, and the whole raw line.</summary>
    public bool Next(out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value, out ReadOnlySpan<byte> line)
    {
        name = value = line = default;
        while (!_done)
        {
            line = ReadLine();
            if (line.IsEmpty)
            {
                _done = true;
                return false;
            }

            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }

            name = line[..colon].TrimEnd((byte)' ');
            value = line[(colon + 1)..].Trim((byte)' ');
            return true;
        }

        return false;
    }

    private ReadOnlySpan<byte> ReadLine()
    {
        var rest = _message[_position..];
        var end = rest.IndexOf((byte)'\n');
        if (end < 0)
        {
            _position = _message.Length;
            _done = true;
            return rest;
        }

        _position += end + 1;
        return end > 0 && rest[end - 1] == '\r' ? rest[..(end - 1)] : rest[..end];
    }
}
