using System.Net;
using System.Security.Cryptography;

namespace HomeTelco.Torrent.Dht;

/// <summary>
/// The write tokens of get_peers/announce_peer (BEP 5): a hash of the asker's IP and a secret that changes every
/// five minutes; a token is accepted while it matches the current or the previous secret, so for 5 to 10 minutes.
/// Nothing is stored per asker. Thread-safe.
/// </summary>
internal sealed class DhtTokens
{
    /// <summary>How often the secret changes.</summary>
    public static readonly TimeSpan Rotation = TimeSpan.FromMinutes(5);

    /// <summary>Bytes of a token on the wire.</summary>
    public const int TokenLength = 8;

    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private byte[] _current = RandomNumberGenerator.GetBytes(16);
    private byte[] _previous = RandomNumberGenerator.GetBytes(16);
    private DateTimeOffset _rotated;

    public DhtTokens(TimeProvider time)
    {
        _time = time;
        _rotated = time.GetUtcNow();
    }

    /// <summary>The token to hand to <paramref name="address"/> now.</summary>
    public byte[] Issue(IPAddress address)
    {
        var token = new byte[TokenLength];
        Compute(CurrentSecrets().Current, address, token);
        return token;
    }

    /// <summary>Whether <paramref name="token"/> was issued to <paramref name="address"/> within the last two rotations.</summary>
    public bool IsValid(IPAddress address, ReadOnlySpan<byte> token)
    {
        if (token.Length != TokenLength)
        {
            return false;
        }

        var (current, previous) = CurrentSecrets();
        Span<byte> expected = stackalloc byte[TokenLength];
        Compute(current, address, expected);
        if (CryptographicOperations.FixedTimeEquals(expected, token))
        {
            return true;
        }

        Compute(previous, address, expected);
        return CryptographicOperations.FixedTimeEquals(expected, token);
    }

    private (byte[] Current, byte[] Previous) CurrentSecrets()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (now - _rotated >= Rotation)
            {
                // After a long silence both secrets are stale; one rotation per elapsed period keeps the rule exact.
                _previous = now - _rotated >= 2 * Rotation ? RandomNumberGenerator.GetBytes(16) : _current;
                _current = RandomNumberGenerator.GetBytes(16);
                _rotated = now;
            }

            return (_current, _previous);
        }
    }

    private static void Compute(byte[] secret, IPAddress address, Span<byte> token)
    {
        Span<byte> ip = stackalloc byte[16];
        var mapped = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        mapped.TryWriteBytes(ip, out var written);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(secret, ip[..written], mac);
        mac[..TokenLength].CopyTo(token);
    }
}
