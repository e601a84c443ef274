using System.Security.Cryptography;
using System.Text;
using HomeTelco.Core.Store;
using HomeTelco.Core.Users;
using LiteDB;

namespace HomeTelco.Core.Security;

/// <summary>
/// Bearer tokens for automation. A token is <c>ht_{id}_{secret}</c>: the id finds the record, the
/// 256-bit secret is compared by hash in constant time, and the plain token is shown once only.
/// </summary>
public sealed class ApiTokenService(HomeStore store, UserService users, TimeProvider time)
{
    private const string Prefix = "ht_";
    private static readonly TimeSpan LastUsedGranularity = TimeSpan.FromMinutes(5);
    private readonly ILiteCollection<ApiTokenRecord> _tokens = store.Collection<ApiTokenRecord>(Collections.ApiTokens);

    /// <summary>Creates a token for <paramref name="userName"/>; the returned string is the only copy of the secret.</summary>
    public (ApiTokenRecord Record, string Token) Create(string userName, string label)
    {
        var user = users.Find(userName) ?? throw new BoxRequestException($"There is no user named '{userName}'.");
        if (string.IsNullOrWhiteSpace(label) || label.Length > 100)
        {
            throw new BoxRequestException("A token needs a name of 1 to 100 characters.");
        }

        var id = Base64Url(RandomNumberGenerator.GetBytes(6)).Replace('_', 'x').Replace('-', 'y');
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var record = new ApiTokenRecord
        {
            Id = id,
            UserId = user.Id,
            Name = label.Trim(),
            SecretHash = HashSecret(secret),
            CreatedAt = time.GetUtcNow(),
        };
        _tokens.Insert(record);
        return (record, $"{Prefix}{id}_{secret}");
    }

    public IReadOnlyList<ApiTokenRecord> List(int? userId = null) =>
        (userId is null ? _tokens.FindAll() : _tokens.Find(t => t.UserId == userId.Value))
            .OrderBy(t => t.CreatedAt).ToList();

    /// <summary>Revokes a token; a member may revoke only their own (<paramref name="ownerId"/>).</summary>
    public bool Revoke(string id, int? ownerId = null)
    {
        var record = _tokens.FindById(id);
        if (record is null || (ownerId is not null && record.UserId != ownerId.Value))
        {
            return false;
        }

        return _tokens.Delete(id);
    }

    /// <summary>The user a presented token belongs to, or null for a malformed, unknown or revoked token.</summary>
    public User? Authenticate(string presented)
    {
        if (string.IsNullOrEmpty(presented) || presented.Length > 200 || !presented.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = presented.AsSpan(Prefix.Length);
        var split = rest.IndexOf('_');
        if (split <= 0)
        {
            return null;
        }

        var record = _tokens.FindById(rest[..split].ToString());
        if (record is null)
        {
            return null;
        }

        var expected = Convert.FromHexString(record.SecretHash);
        Span<byte> actual = stackalloc byte[32];
        var secretBytes = Encoding.UTF8.GetBytes(rest[(split + 1)..].ToString());
        SHA256.HashData(secretBytes, actual);
        if (!CryptographicOperations.FixedTimeEquals(actual, expected))
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (record.LastUsedAt is null || now - record.LastUsedAt.Value > LastUsedGranularity)
        {
            // Recorded coarsely so a busy script does not turn every request into a store write.
            record.LastUsedAt = now;
            _tokens.Update(record);
        }

        return users.Find(record.UserId);
    }

    private static string HashSecret(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
