using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace HomeTelco.Sip.Auth;

/// The RFC 7616 §3.4.1 computations, lower-case hex in and out.
internal static class DigestHash
{
    /// Hex digits of the longest H() (SHA-256).
    public const int MaxHexLength = 64;

    private const int InputStackLength = 512;

    public static string Name(DigestAlgorithm algorithm) => algorithm == DigestAlgorithm.Sha256 ? "SHA-256" : "MD5";

    /// Length of H() in hex digits: what a stored HA1 and a client's response must have.
    public static int HexLength(DigestAlgorithm algorithm) => algorithm == DigestAlgorithm.Sha256 ? 64 : 32;

    /// Whether every character is a hex digit, either case (a client's response and nc, a stored HA1).
    public static bool IsHex(string value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// An absent algorithm means MD5 (RFC 3261 §22.4, RFC 7616 §3.3).
    public static bool TryParse(string? value, out DigestAlgorithm algorithm)
    {
        algorithm = DigestAlgorithm.Md5;
        if (value is null || string.Equals(value, "MD5", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (string.Equals(value, "SHA-256", StringComparison.OrdinalIgnoreCase))
        {
            algorithm = DigestAlgorithm.Sha256;
            return true;
        }

        return false;
    }

    /// HA1 = H(username ":" realm ":" password).
    public static string Ha1(DigestAlgorithm algorithm, string username, string realm, string password)
    {
        Span<byte> hex = stackalloc byte[MaxHexLength];
        return Encoding.ASCII.GetString(hex[..Ha1(algorithm, username, realm, password, hex)]);
    }

    /// HA1 as lower-case hex ASCII into <paramref name="destination"/> (at least 64 bytes); returns its length.
    public static int Ha1(DigestAlgorithm algorithm, string username, string realm, string password, Span<byte> destination)
    {
        var input = new Input(stackalloc byte[InputStackLength]);
        try
        {
            input.Append(username);
            input.Colon();
            input.Append(realm);
            input.Colon();
            input.Append(password);
            return input.HexDigest(algorithm, destination);
        }
        finally
        {
            input.Dispose();
        }
    }

    /// response = H(HA1 ":" nonce ":" nc ":" cnonce ":" qop ":" HA2) with qop, or H(HA1 ":" nonce ":" HA2) without
    /// (RFC 2069), where HA2 = H(method ":" digest-uri).
    public static string Response(DigestAlgorithm algorithm, string ha1, string nonce, string method, string uri, string? qop, string? nc, string? cnonce)
    {
        Span<byte> hex = stackalloc byte[MaxHexLength];
        return Encoding.ASCII.GetString(hex[..Response(algorithm, Encoding.UTF8.GetBytes(ha1), nonce, method, uri, qop, nc, cnonce, hex)]);
    }

    /// The response as lower-case hex ASCII into <paramref name="destination"/> (at least 64 bytes); returns its length.
    /// Nothing is allocated: the registrar computes one per REGISTER.
    public static int Response(DigestAlgorithm algorithm, ReadOnlySpan<byte> ha1, string nonce, string method, string uri, string? qop, string? nc, string? cnonce, Span<byte> destination)
    {
        Span<byte> ha2 = stackalloc byte[MaxHexLength];
        var input = new Input(stackalloc byte[InputStackLength]);
        try
        {
            input.Append(method);
            input.Colon();
            input.Append(uri);
            var ha2Length = input.HexDigest(algorithm, ha2);

            input.Clear();
            input.Append(ha1);
            input.Colon();
            input.Append(nonce);
            input.Colon();
            if (qop is not null)
            {
                input.Append(nc);
                input.Colon();
                input.Append(cnonce);
                input.Colon();
                input.Append(qop);
                input.Colon();
            }

            input.Append(ha2[..ha2Length]);
            return input.HexDigest(algorithm, destination);
        }
        finally
        {
            input.Dispose();
        }
    }

    /// <summary>The text one digest is taken of, built in a stack buffer (a pooled one past it).</summary>
    private ref struct Input(Span<byte> initial)
    {
        private Span<byte> _buffer = initial;
        private byte[]? _rented;
        private int _length;

        // Void, not fluent: a ref struct returned by value would be a copy, and the appends after the first would be lost.
        public void Append(string? text)
        {
            Reserve(Encoding.UTF8.GetMaxByteCount(text?.Length ?? 0));
            _length += Encoding.UTF8.GetBytes(text.AsSpan(), _buffer[_length..]);
        }

        public void Append(ReadOnlySpan<byte> ascii)
        {
            Reserve(ascii.Length);
            ascii.CopyTo(_buffer[_length..]);
            _length += ascii.Length;
        }

        public void Colon() => Append(":"u8);

        public void Clear() => _length = 0;

        // MD5 is not used for its strength: RFC 3261 makes it the default and most deployed phones offer nothing else.
        [SuppressMessage("Security", "CA5351:Do Not Use Broken Cryptographic Algorithms", Justification = "RFC 3261 digest interoperability")]
        public readonly int HexDigest(DigestAlgorithm algorithm, Span<byte> destination)
        {
            Span<byte> hash = stackalloc byte[32];
            var data = _buffer[.._length];
            var written = algorithm == DigestAlgorithm.Sha256 ? SHA256.HashData(data, hash) : MD5.HashData(data, hash);
            Convert.TryToHexStringLower(hash[..written], destination, out var hexLength);
            return hexLength;
        }

        public void Dispose()
        {
            if (_rented is not null)
            {
                ArrayPool<byte>.Shared.Return(_rented);
                _rented = null;
            }
        }

        private void Reserve(int more)
        {
            if (_length + more <= _buffer.Length)
            {
                return;
            }

            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + more));
            _buffer[.._length].CopyTo(bigger);
            if (_rented is not null)
            {
                ArrayPool<byte>.Shared.Return(_rented);
            }

            _rented = bigger;
            _buffer = bigger;
        }
    }
}
