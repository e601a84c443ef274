using System.Diagnostics.CodeAnalysis;
using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using HomeTelco.Core.Settings;
using HomeTelco.Core.Store;
using LiteDB;

namespace HomeTelco.Core.Extensions;

/// <summary>
/// Phone extensions: create, list, edit, remove, and the digest credentials the SIP engine checks. Reads come from
/// an in-memory snapshot (the registrar asks on every REGISTER and INVITE), rebuilt after each write.
/// </summary>
public sealed class ExtensionService
{
    private const string GeneratedAlphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private const int GeneratedLength = 20;

    private readonly SettingsStore _settings;
    private readonly TimeProvider _time;
    private readonly ILiteCollection<Extension> _extensions;
    private readonly Lock _writeLock = new();
    private volatile FrozenDictionary<string, Extension> _snapshot;

    public ExtensionService(HomeStore store, SettingsStore settings, TimeProvider time)
    {
        _settings = settings;
        _time = time;
        _extensions = store.Collection<Extension>(Collections.Extensions);
        _snapshot = Load();
    }

    /// <summary>Raised after an extension is created, changed or removed, with its number (the registrar drops a removed one's bindings).</summary>
    public event Action<string>? Changed;

    /// <summary>The box's digest realm, created on first use.</summary>
    public string Realm
    {
        get
        {
            var realm = _settings.Get(SettingKeys.SipRealm);
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

                return realm;
            }
        }
    }

    public int Count => _snapshot.Count;

    public IReadOnlyList<Extension> List() => [.. _snapshot.Values.OrderBy(e => e.Number.Length).ThenBy(e => e.Number, StringComparer.Ordinal)];

    public Extension? Find(string number) => _snapshot.GetValueOrDefault(number);

    /// <summary>The HA1s for <paramref name="number"/> in <see cref="Realm"/>, or null when there is no such extension.</summary>
    public ExtensionCredentials? FindCredentials(string number) =>
        _snapshot.TryGetValue(number, out var e) ? new ExtensionCredentials(e.Number, e.Realm, e.Ha1Md5, e.Ha1Sha256) : null;

    /// <summary>Creates an extension; a null or empty password has one generated and returned once.</summary>
    public ExtensionSaved Create(string number, string? displayName, string? password)
    {
        var reason = ExtensionPolicy.CheckNumber(number) ?? ExtensionPolicy.CheckDisplayName(displayName);
        var generated = string.IsNullOrEmpty(password) ? Generate() : null;
        password = generated ?? password;
        reason ??= ExtensionPolicy.CheckPassword(number, password);
        if (reason is not null)
        {
            throw new BoxRequestException(reason);
        }

        Extension extension;
        lock (_writeLock)
        {
            if (_snapshot.Count >= ExtensionPolicy.MaxExtensions)
            {
                throw new BoxRequestException($"The box holds at most {ExtensionPolicy.MaxExtensions} extensions.") { IsConflict = true };
            }

            var now = _time.GetUtcNow();
            extension = new Extension { Number = number, DisplayName = displayName?.Trim() ?? "", CreatedAt = now, UpdatedAt = now };
            SetPassword(extension, password!);
            try
            {
                _extensions.Insert(extension);
            }
            catch (LiteException ex) when (ex.ErrorCode == LiteException.INDEX_DUPLICATE_KEY)
            {
                throw new BoxRequestException($"Extension {number} already exists.", ex) { IsConflict = true };
            }

            _snapshot = Load();
        }

        Changed?.Invoke(number);
        return new ExtensionSaved(extension, generated);
    }

    /// <summary>
    /// Changes the display name and/or the password (null leaves a field as it is; an empty password generates one).
    /// </summary>
    public ExtensionSaved Update(string number, string? displayName, string? password)
    {
        var reason = ExtensionPolicy.CheckDisplayName(displayName);
        var generated = password is { Length: 0 } ? Generate() : null;
        password = generated ?? password;
        reason ??= password is null ? null : ExtensionPolicy.CheckPassword(number, password);
        if (reason is not null)
        {
            throw new BoxRequestException(reason);
        }

        Extension extension;
        lock (_writeLock)
        {
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
            _snapshot = Load();
        }

        Changed?.Invoke(number);
        return new ExtensionSaved(extension, generated);
    }

    public void Remove(string number)
    {
        lock (_writeLock)
        {
            if (_extensions.DeleteMany(e => e.Number == number) == 0)
            {
                throw NotFound(number);
            }

            _snapshot = Load();
        }

        Changed?.Invoke(number);
    }

    /// <summary>Re-reads the collection (after a restore replaced it).</summary>
    public void Reload()
    {
        lock (_writeLock)
        {
            _snapshot = Load();
        }
    }

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

    private static string Generate() => RandomNumberGenerator.GetString(GeneratedAlphabet, GeneratedLength);

    private static BoxRequestException NotFound(string number) => new($"There is no extension {number}.") { IsNotFound = true };

    private FrozenDictionary<string, Extension> Load() => _extensions.FindAll().ToFrozenDictionary(e => e.Number, StringComparer.Ordinal);
}
