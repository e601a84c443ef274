using System.Security.Cryptography;
using HomeTelco.Core.Security;
using HomeTelco.Core.Store;
using LiteDB;

namespace HomeTelco.Core.Users;

/// <summary>Accounts: create, list, change passwords, remove, and check a password at sign-in.</summary>
public sealed class UserService(HomeStore store, TimeProvider time)
{
    private readonly ILiteCollection<User> _users = store.Collection<User>(Collections.Users);

    public User Add(string name, string password, UserRole role)
    {
        var reason = PasswordPolicy.CheckUserName(name) ?? PasswordPolicy.Check(name, password);
        if (reason is not null)
        {
            throw new BoxRequestException(reason);
        }

        var user = new User
        {
            Name = name,
            NameKey = Key(name),
            Role = role,
            PasswordHash = PasswordHasher.Hash(password),
            SecurityStamp = NewStamp(),
            CreatedAt = time.GetUtcNow(),
        };
        try
        {
            _users.Insert(user);
        }
        catch (LiteException ex) when (ex.ErrorCode == LiteException.INDEX_DUPLICATE_KEY)
        {
            throw new BoxRequestException($"A user named '{name}' already exists.", ex) { IsConflict = true };
        }

        return user;
    }

    // Sorted here: a store-side sort takes an 800 KB buffer for each query.
    public IReadOnlyList<User> List() => _users.FindAll().OrderBy(u => u.NameKey, StringComparer.OrdinalIgnoreCase).ToList();

    public User? Find(string name) => _users.FindOne(u => u.NameKey == Key(name));

    public User? Find(int id) => _users.FindById(id);

    public bool AnyAdmin() => _users.Exists(u => u.Role == UserRole.Admin);

    public int Count() => _users.Count();

    /// <summary>The user when the password is right; null otherwise, in about the same time either way.</summary>
    public User? CheckPassword(string name, string password)
    {
        var user = Find(name);
        if (user is null)
        {
            PasswordHasher.Verify(password, PasswordHasher.DummyHash);
            return null;
        }

        return PasswordHasher.Verify(password, user.PasswordHash) ? user : null;
    }

    public void SetPassword(string name, string password)
    {
        var user = Find(name) ?? throw new BoxRequestException($"There is no user named '{name}'.");
        var reason = PasswordPolicy.Check(user.Name, password);
        if (reason is not null)
        {
            throw new BoxRequestException(reason);
        }

        user.PasswordHash = PasswordHasher.Hash(password);
        user.SecurityStamp = NewStamp();
        _users.Update(user);
    }

    /// <summary>Sets which media libraries a member sees and the highest content rating shown to them.</summary>
    public User SetMediaAccess(string name, IEnumerable<int> libraryIds, string? maxContentRating)
    {
        ArgumentNullException.ThrowIfNull(libraryIds);
        var user = Find(name) ?? throw new BoxRequestException($"There is no user {name}.") { IsNotFound = true };
        user.MediaLibraryIds = libraryIds.Distinct().Order().ToList();
        user.MaxContentRating = string.IsNullOrWhiteSpace(maxContentRating) ? null : maxContentRating.Trim();
        _users.Update(user);
        return user;
    }

    public void Remove(string name)
    {
        store.InTransaction(() =>
        {
            var user = Find(name) ?? throw new BoxRequestException($"There is no user named '{name}'.");
            if (user.Role == UserRole.Admin && _users.Count(u => u.Role == UserRole.Admin) == 1)
            {
                throw new BoxRequestException("The last admin cannot be removed: add another admin first.") { IsConflict = true };
            }

            _users.Delete(user.Id);
            store.Collection<ApiTokenRecord>(Collections.ApiTokens).DeleteMany(t => t.UserId == user.Id);
            return true;
        });
    }

    /// <summary>Saves changes made to a user by the security services (TOTP state).</summary>
    internal void Save(User user) => _users.Update(user);

    internal static string Key(string name) => name.Trim().ToLowerInvariant();

    internal static string NewStamp() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
}
