using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using HomeTelco.Core;

namespace HomeTelco.Media.Playback;

/// <summary>
/// Signed, expiring stream links, so VLC, mpv or Safari can open a stream without the portal's cookie.
/// A link names what it opens (<c>item:ID</c> or <c>live:ID</c>), for whom and until when, and carries an
/// HMAC-SHA256 of those with a per-box key kept in the data folder (keys/stream-links.key, mode 0600).
/// </summary>
public sealed class StreamLinkSigner
{
    public const string KeyFileName = "stream-links.key";
    private const int KeyBytes = 32;
    private readonly byte[] _key;
    private readonly TimeProvider _time;

    public StreamLinkSigner(byte[] key, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < 16)
        {
            throw new ArgumentException("A stream-link key needs at least 16 bytes.", nameof(key));
        }

        _key = key;
        _time = time;
    }

    /// <summary>Loads the box's key from the keys folder, creating it on first use.</summary>
    public static StreamLinkSigner ForBox(BoxPaths paths, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(paths);
        BoxPaths.EnsurePrivateDirectory(paths.KeysDir);
        var file = Path.Combine(paths.KeysDir, KeyFileName);
        if (!File.Exists(file) || new FileInfo(file).Length != KeyBytes)
        {
            using var stream = PrivateFile.Create(file);
            stream.Write(RandomNumberGenerator.GetBytes(KeyBytes));
        }

        return new StreamLinkSigner(File.ReadAllBytes(file), time);
    }

    /// <summary>The query string (with its '?') that grants <paramref name="user"/> access to <paramref name="resource"/> until now + lifetime.</summary>
    public string Sign(string resource, string user, TimeSpan lifetime)
    {
        var expires = _time.GetUtcNow().Add(lifetime).ToUnixTimeSeconds();
        var signature = Signature(resource, user, expires);
        return string.Create(CultureInfo.InvariantCulture, $"?u={Uri.EscapeDataString(user)}&exp={expires}&sig={signature}");
    }

    /// <summary>The user the link was made for, when the signature is right and the link has not expired; otherwise null.</summary>
    public string? Verify(string resource, string? user, string? expires, string? signature)
    {
        if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(signature)
            || !long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var exp)
            || exp < _time.GetUtcNow().ToUnixTimeSeconds())
        {
            return null;
        }

        var expected = Encoding.ASCII.GetBytes(Signature(resource, user, exp));
        var given = Encoding.ASCII.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, given) ? user : null;
    }

    private string Signature(string resource, string user, long expires)
    {
        var message = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{resource}\n{user}\n{expires}"));
        return Base64Url.EncodeToString(HMACSHA256.HashData(_key, message));
    }
}
