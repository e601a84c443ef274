using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using HomeTelco.Core.Settings;
using HomeTelco.Core.Store;
using LiteDB;

namespace HomeTelco.Core.Extensions;

/// <summary>
/// Phone extensions: create, list, edit, remove, and the digest credentials the SIP engine checks. Reads come from
/// an in-memory snapshot (the registrar asks on every REGISTER and INVITE), replaced after each write and after a
/// restore. What a read hands out is a copy, so no caller can change the snapshot behind the store's back.
/// </summary>
public sealed class ExtensionService : IStoreRestoreListener
{
    private const string GeneratedAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private const int GeneratedLength = 20;

    private readonly SettingsStore _settings;
    private readonly TimeProvider _time;
    private readonly ILiteCollection<Extension> _extensions;

    // Guards writes (store, then snapshot) and the realm's creation; reads take the volatile snapshot without it.
    private readonly Lock _writeLock = new();
    private volatile ExtensionSnapshot _snapshot;
    private volatile string? _realm;

    public ExtensionService(HomeStore store, SettingsStore settings, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        _settings = settings;
        _time = time;
        _extensions = store.Collection<Extension>(Collections.Extensions);
        _snapshot = Load();
    }

    /// <summary>
    /// Raised after an extension is created, changed or removed, with its number (the registrar drops a removed one's
    /// bindings); after a restore, once for every number the restore added, changed or removed.
    /// </summary>
    public event Action<string>? Changed;

    /// <summary>
    /// The box's digest realm, created on first use. Cached: the SIP engine asks on every challenge. A restore may bring
    /// another box's realm with its extensions, so <see cref="Reload"/> reads it again.
    /// </summary>
    public string Realm
    {
        get
        {
            var realm = _realm;
            if (realm is not null)
            {
                return realm;
            }

            lock (_writeLock)
            {
                realm = _settings.Get(SettingKeys.SipRealm);
                if (realm is null)
                {
                    realm = "hometelco-" + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz234567", 6);
                    _settings.Set(SettingKeys.SipRealm, realm);
                }

                _realm = realm;
                return realm;
            }
        }
    }

    public int Count => _snapshot.Count;

    /// <summary>Every extension in dialling order (shorter numbers first, then by digits).</summary>
    public IReadOnlyList<Extension> List() => _snapshot.List();

    public Extension? Find(string number) => _snapshot.Find(number);

    /// <summary>The HA1s for <paramref name="number"/>, or null when there is no such extension. Allocates nothing.</summary>
    public ExtensionCredentials? FindCredentials(string number) => _snapshot.FindCredentials(number);

    /// <summary>Creates an extension; a null or empty password has one generated and returned once.</summary>
    public ExtensionSaved Create(string number, string? displayName, string? password)
    {
        var reason = ExtensionPolicy.CheckNumber(number) ?? ExtensionPolicy.CheckDisplayName(displayName);
        if (reason is not null)
        {
            throw new BoxRequestException(reason);
        }

        var generated = string.IsNullOrEmpty(password) ? Generate(number) : null;
        password = generated ?? password!;
        reason = ExtensionPolicy.CheckPassword(number, password);
        if (reason is not null)
        {
            throw new BoxRequestException(reason);
        }

        Extension extension;
        lock (_writeLock)
        {
            if (_snapshot.Count >= ExtensionPolicy.MaxExtensions)
            {
                throw new BoxRequestException($"The box holds at most {ExtensionPolicy.MaxExtensions} extensions: remove one first.") { IsConflict = true };
            }

            var now = _time.GetUtcNow();
            extension = new Extension { Number = number, DisplayName = displayName?.Trim() ?? "", CreatedAt = now, UpdatedAt = now };
            SetPassword(extension, password);
            try
            {
                _extensions.Insert(extension);
            }
            catch (LiteException ex) when (ex.ErrorCode == LiteException.INDEX_DUPLICATE_KEY)
            {
                throw new BoxRequestException($"Extension {number} already exists.", ex) { IsConflict = true };
            }

            _snapshot = _snapshot.With(extension.Copy());
        }

        Changed?.Invoke(number);
        return new ExtensionSaved(extension, generated);
    }

    /// <summary>
    /// Changes the display name and/or the password (null leaves a field as it is; an empty password generates one).
    /// </summary>
    public ExtensionSaved Update(string number, string? displayName, string? password)
    {
        ArgumentNullException.ThrowIfNull(number);
        if (displayName is null && password is null)
        {
            throw new BoxRequestException("Nothing to change: give a display name, a password, or an empty password to have one generated.");
        }

        var reason = ExtensionPolicy.CheckDisplayName(displayName);
        if (reason is not null)
        {
            throw new BoxRequestException(reason);
        }

        var generated = password is { Length: 0 } ? Generate(number) : null;
        password = generated ?? password;
        reason = password is null ? null : ExtensionPolicy.CheckPassword(number, password);
        if (reason is not null)
        {
            throw new BoxRequestException(reason);
        }

        Extension extension;
        lock (_writeLock)
        {
            // From the store, not the snapshot: the store is what the update writes back to by id.
            extension = _extensions.FindOne(e => e.Number == number) ?? throw NotFound(number);
            if (displayName is not null)
            {
                extension.DisplayName = displayName.Trim();
            }

            if (password is not null)
            {
                SetPassword(extension, password);
            }

            extension.UpdatedAt = _time.GetUtcNow();
            _extensions.Update(extension);
            _snapshot = _snapshot.With(extension.Copy());
        }

        Changed?.Invoke(number);
        return new ExtensionSaved(extension, generated);
    }

    public void Remove(string number)
    {
        ArgumentNullException.ThrowIfNull(number);
        lock (_writeLock)
        {
            if (_extensions.DeleteMany(e => e.Number == number) == 0)
            {
                throw NotFound(number);
            }

            _snapshot = _snapshot.Without(number);
        }

        Changed?.Invoke(number);
    }

    /// <summary>Re-reads the collection (after a restore replaced it) and reports every number that differs.</summary>
    public void Reload()
    {
        IReadOnlyList<string> changed;
        lock (_writeLock)
        {
            var before = _snapshot;
            _snapshot = Load();
            _realm = null;
            changed = before.Differences(_snapshot);
        }

        foreach (var number in changed)
        {
            Changed?.Invoke(number);
        }
    }

    void IStoreRestoreListener.StoreRestored() => Reload();

    /// <summary>Hex digest HA1 = H(user:realm:password) (RFC 7616 §3.4.2).</summary>
    [SuppressMessage("Security", "CA5351:Do Not Use Broken Cryptographic Algorithms", Justification = "Most SIP phones only do MD5 digest (RFC 3261); SHA-256 is stored beside it for those that can.")]
    public static string Ha1(HashAlgorithmName algorithm, string user, string realm, string password)
    {
        var input = Encoding.UTF8.GetBytes($"{user}:{realm}:{password}");
        var hash = algorithm == HashAlgorithmName.MD5 ? MD5.HashData(input) : SHA256.HashData(input);
        return Convert.ToHexStringLower(hash);
    }

    private void SetPassword(Extension extension, string password)
    {
        extension.Realm = Realm;
        extension.Ha1Md5 = Ha1(HashAlgorithmName.MD5, extension.Number, extension.Realm, password);
        extension.Ha1Sha256 = Ha1(HashAlgorithmName.SHA256, extension.Number, extension.Realm, password);
    }

    /// <summary>
    /// A random password the policy accepts. Its alphabet has digits, so now and then one contains the extension
    /// number (about 1 in 160 for two digits); those are drawn again rather than refused to the person who asked.
    /// </summary>
    private static string Generate(string number)
    {
        for (var attempt = 0; attempt < 64; attempt++)
        {
            var password = RandomNumberGenerator.GetString(GeneratedAlphabet, GeneratedLength);
            if (ExtensionPolicy.CheckPassword(number, password) is null)
            {
                return password;
            }
        }

        throw new InvalidOperationException("Could not generate a SIP password the policy accepts.");
    }

    private static BoxRequestException NotFound(string number) => new($"There is no extension {number}.") { IsNotFound = true };

    private ExtensionSnapshot Load() => new(_extensions.FindAll());
}
