using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace SipLoad.Sip;

/// <summary>
/// One phone's digest state towards one server role (registrar or proxy): the last challenge it took, its nonce
/// count, and HA1 for the realm. Writes the Authorization / Proxy-Authorization header (RFC 7616 §3.4, MD5 only).
/// </summary>
internal sealed class DigestClient
{
    private const int HexLength = 32;

    private readonly string _user;
    private readonly byte[] _password;
    private readonly byte[] _cnonce;
    private readonly ByteSlot _realm = new(128);
    private readonly ByteSlot _nonce = new(256);
    private readonly ByteSlot _opaque = new(256);
    private readonly byte[] _ha1 = new byte[HexLength];
    private bool _qopAuth;

    public DigestClient(string user, string password, string cnonce)
    {
        _user = user;
        _password = Encoding.UTF8.GetBytes(password);
        _cnonce = Encoding.ASCII.GetBytes(cnonce);
    }

    /// <summary>True once a challenge has been taken: requests can carry credentials before being asked.</summary>
    public bool HasNonce => !_nonce.IsEmpty;

    /// <summary>The nonce count of the last response written.</summary>
    public uint NonceCount { get; private set; }

    /// <summary>Takes a new challenge: a new nonce restarts the count at 1 (RFC 7616 §3.4).</summary>
    public bool Take(in DigestChallenge challenge)
    {
        if (!_realm.Span.SequenceEqual(challenge.Realm))
        {
            if (!_realm.Set(challenge.Realm))
            {
                return false;
            }

            ComputeHa1();
        }

        _qopAuth = challenge.QopAuth;
        NonceCount = 0;
        return _nonce.Set(challenge.Nonce) & _opaque.Set(challenge.Opaque);
    }

    public void Forget()
    {
        _nonce.Clear();
        NonceCount = 0;
    }

    /// <summary>Writes "<paramref name="header"/>: Digest ..." for a request, using the next nonce count.</summary>
    public void WriteHeader(ref SipWriter writer, string header, string method, ReadOnlySpan<byte> uri)
    {
        NonceCount++;
        Span<byte> response = stackalloc byte[HexLength];
        ComputeResponse(method, uri, response);
        writer.Append(header);
        writer.Append(": Digest username=\"");
        writer.Append(_user);
        writer.Append("\", realm=\"");
        writer.Append(_realm.Span);
        writer.Append("\", nonce=\"");
        writer.Append(_nonce.Span);
        writer.Append("\", uri=\"");
        writer.Append(uri);
        writer.Append("\", response=\"");
        writer.Append(response);
        writer.Append("\", algorithm=MD5");
        if (!_opaque.IsEmpty)
        {
            writer.Append(", opaque=\"");
            writer.Append(_opaque.Span);
            writer.Append("\"");
        }

        if (_qopAuth)
        {
            writer.Append(", qop=auth, cnonce=\"");
            writer.Append(_cnonce);
            writer.Append("\", nc=");
            writer.AppendHex8(NonceCount);
        }

        writer.Crlf();
    }

    /// <summary>response = MD5(HA1:nonce:nc:cnonce:qop:HA2), or MD5(HA1:nonce:HA2) without qop; HA2 = MD5(method:uri).</summary>
    public void ComputeResponse(string method, ReadOnlySpan<byte> uri, Span<byte> hex)
    {
        Span<byte> ha2 = stackalloc byte[HexLength];
        Span<byte> input = stackalloc byte[1024];
        var w = new SipWriter(input);
        w.Append(method);
        w.Append(":"u8);
        w.Append(uri);
        Md5Hex(w.Written, ha2);

        w = new SipWriter(input);
        w.Append(_ha1);
        w.Append(":"u8);
        w.Append(_nonce.Span);
        w.Append(":"u8);
        if (_qopAuth)
        {
            w.AppendHex8(NonceCount);
            w.Append(":"u8);
            w.Append(_cnonce);
            w.Append(":auth:"u8);
        }

        w.Append(ha2);
        Md5Hex(w.Written, hex);
    }

    private void ComputeHa1()
    {
        Span<byte> input = stackalloc byte[512];
        var w = new SipWriter(input);
        w.Append(_user);
        w.Append(":"u8);
        w.Append(_realm.Span);
        w.Append(":"u8);
        w.Append(_password);
        Md5Hex(w.Written, _ha1);
    }

    // MD5 because RFC 3261 digest is MD5: the generator plays an ordinary phone.
    [SuppressMessage("Security", "CA5351:Do Not Use Broken Cryptographic Algorithms", Justification = "RFC 3261 digest, what phones send")]
    internal static void Md5Hex(ReadOnlySpan<byte> input, Span<byte> hex)
    {
        Span<byte> hash = stackalloc byte[16];
        MD5.HashData(input, hash);
        for (var i = 0; i < hash.Length; i++)
        {
            hex[2 * i] = HexDigit(hash[i] >> 4);
            hex[(2 * i) + 1] = HexDigit(hash[i] & 0xF);
        }
    }

    private static byte HexDigit(int value) => (byte)(value < 10 ? '0' + value : 'a' + value - 10);
}
