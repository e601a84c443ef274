namespace HomeTelco.Torrent.Peers.Encryption;

/// <summary>
/// RC4, as message stream encryption needs it (.NET ships none). It is a weak cipher and MSE uses it only
/// to obfuscate traffic from throttling middleboxes, not for secrecy. One instance per direction.
/// </summary>
internal sealed class Rc4
{
    private readonly byte[] _state = new byte[256];
    private byte _i;
    private byte _j;

    public Rc4(ReadOnlySpan<byte> key)
    {
        for (var k = 0; k < 256; k++)
        {
            _state[k] = (byte)k;
        }

        byte j = 0;
        for (var k = 0; k < 256; k++)
        {
            j = (byte)(j + _state[k] + key[k % key.Length]);
            (_state[k], _state[j]) = (_state[j], _state[k]);
        }
    }

    /// <summary>XORs the keystream into <paramref name="data"/> in place (encryption and decryption are the same).</summary>
    public void Apply(Span<byte> data)
    {
        var s = _state;
        byte i = _i, j = _j;
        for (var n = 0; n < data.Length; n++)
        {
            i++;
            j = (byte)(j + s[i]);
            (s[i], s[j]) = (s[j], s[i]);
            data[n] ^= s[(byte)(s[i] + s[j])];
        }

        _i = i;
        _j = j;
    }

    /// <summary>Drops <paramref name="count"/> bytes of keystream (MSE discards the first 1024).</summary>
    public void Discard(int count)
    {
        Span<byte> scratch = stackalloc byte[256];
        while (count > 0)
        {
            var chunk = Math.Min(count, scratch.Length);
            Apply(scratch[..chunk]);
            count -= chunk;
        }
    }
}
