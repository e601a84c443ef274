using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace HomeTelco.Sip.Auth;

/// Stateless nonces: base64url(timestamp || random || HMAC-SHA256(secret, timestamp || random || realm)). The MAC proves
/// the box issued the nonce for this realm and when, so validating one needs no table (RFC 7616 §5.4 suggests the
/// same shape). Thread-safe: no mutable state.
internal sealed class DigestNonces
{
    public const int SecretLength = 32;

    private const int TimestampLength = 8;
    private const int RandomLength = 16;
    private const int MacLength = 32;
    private const int RawLength = TimestampLength + RandomLength + MacLength;

    // A clock stepped back a little (NTP at boot) should not turn every nonce in flight into a failure.
    private static readonly TimeSpan FutureTolerance = TimeSpan.FromSeconds(30);

    private readonly byte[] _secret;
    private readonly byte[] _realm;
    private readonly TimeSpan _lifetime;
    private readonly TimeProvider _time;

    public DigestNonces(ReadOnlySpan<byte> secret, string realm, TimeSpan lifetime, TimeProvider time)
    {
        if (secret.Length != SecretLength)
        {
            throw new ArgumentException($"The nonce secret must be {SecretLength} bytes", nameof(secret));
        }

        _secret = secret.ToArray();
        _realm = Encoding.UTF8.GetBytes(realm);
        _lifetime = lifetime;
        _time = time;

        // Derived, not random, so a challenge issued before a restart still carries the opaque the box expects.
        Span<byte> opaque = stackalloc byte[MacLength];
        HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes("opaque:" + realm), opaque);
        Opaque = Base64Url.EncodeToString(opaque[..12]);
    }

    /// Length of every nonce this class issues; anything else is rejected before decoding.
    public static int EncodedLength { get; } = Base64Url.GetEncodedLength(RawLength);

    public TimeSpan Lifetime => _lifetime;

    /// The opaque value sent in every challenge; a client must echo it unchanged (RFC 7616 §3.3).
    public string Opaque { get; }

    public string Create()
    {
        Span<byte> raw = stackalloc byte[RawLength];
        BinaryPrimitives.WriteInt64BigEndian(raw, _time.GetUtcNow().ToUnixTimeMilliseconds());
        RandomNumberGenerator.Fill(raw.Slice(TimestampLength, RandomLength));
        Sign(raw[..(TimestampLength + RandomLength)], raw[(TimestampLength + RandomLength)..]);
        return Base64Url.EncodeToString(raw);
    }

    public DigestNonceCheck Check(string nonce)
    {
        Span<byte> raw = stackalloc byte[RawLength];
        // The OperationStatus overload: TryDecodeFromChars throws on a character outside the alphabet.
        if (nonce.Length != EncodedLength
            || Base64Url.DecodeFromChars(nonce, raw, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != RawLength)
        {
            return new DigestNonceCheck(DigestNonceStatus.Invalid, 0);
        }

        Span<byte> expected = stackalloc byte[MacLength];
        Sign(raw[..(TimestampLength + RandomLength)], expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, raw[(TimestampLength + RandomLength)..]))
        {
            return new DigestNonceCheck(DigestNonceStatus.Invalid, 0);
        }

        return CheckAge(BinaryPrimitives.ReadInt64BigEndian(raw));
    }

    /// <summary>The verdict on a nonce already known to be ours, from when it was issued (Unix milliseconds).</summary>
    public DigestNonceCheck CheckAge(long issuedAtMs)
    {
        var age = TimeSpan.FromMilliseconds(_time.GetUtcNow().ToUnixTimeMilliseconds() - issuedAtMs);
        var status = age > _lifetime || age < -FutureTolerance ? DigestNonceStatus.Expired : DigestNonceStatus.Valid;
        return new DigestNonceCheck(status, issuedAtMs);
    }

    private void Sign(ReadOnlySpan<byte> payload, Span<byte> mac)
    {
        // One-shot over one buffer: an incremental HMAC object per REGISTER was garbage the registrar made at every one.
        var length = payload.Length + _realm.Length;
        var rented = length > 256 ? ArrayPool<byte>.Shared.Rent(length) : null;
        Span<byte> signed = rented is null ? stackalloc byte[256] : rented;
        payload.CopyTo(signed);
        _realm.AsSpan().CopyTo(signed[payload.Length..]);
        HMACSHA256.HashData(_secret, signed[..length], mac);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
