using System.Security.Cryptography;
using System.Text;
using HomeTelco.Core.Settings;
using HomeTelco.Core.Users;
using Microsoft.Extensions.Logging;

namespace HomeTelco.Core.Security;

/// <summary>
/// The only way to the first admin, so that no box ever ships with a default credential: at first
/// start a random one-time code is printed to the log and written to <c>&lt;data&gt;/setup-code</c>
/// (mode 0600, readable by whoever owns the box's files). Whoever shows the code creates the first
/// admin; after that setup is closed for good, even if every admin is later removed.
/// Wrong codes make every next attempt wait longer (1 s, 2 s, 4 s, ...) whatever address it comes from.
/// </summary>
public sealed class FirstRunSetup
{
    /// <summary>Name of the file holding the code inside the data folder.</summary>
    public const string CodeFileName = "setup-code";

    // Crockford's base32 alphabet: no I, L, O, U to misread when typed from a screen.
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const string ThrottleKey = "setup";

    private readonly UserService _users;
    private readonly SettingsStore _settings;
    private readonly ILogger<FirstRunSetup> _logger;
    private readonly AttemptThrottle _throttle;
    private readonly string _codeFile;
    private readonly Lock _attemptLock = new();
    private byte[]? _codeHash;

    public FirstRunSetup(BoxPaths paths, UserService users, SettingsStore settings, TimeProvider time, ILogger<FirstRunSetup> logger)
    {
        ArgumentNullException.ThrowIfNull(paths);
        _users = users;
        _settings = settings;
        _logger = logger;
        _throttle = new AttemptThrottle(time, freeFailures: 0, capacity: 1);
        _codeFile = Path.Combine(paths.DataDir, CodeFileName);
    }

    /// <summary>True while no admin has been created through setup (or otherwise).</summary>
    public bool IsOpen
    {
        get
        {
            lock (_attemptLock)
            {
                return _codeHash is not null;
            }
        }
    }

    /// <summary>Path of the code file, for messages that tell the owner where to look.</summary>
    public string CodeFile => _codeFile;

    /// <summary>
    /// Called once at start: closes setup when the box already has an admin, otherwise issues a fresh
    /// code (a code from an earlier run is replaced, so a leaked old file is worthless).
    /// </summary>
    public void Start()
    {
        lock (_attemptLock)
        {
            if (IsDone())
            {
                _codeHash = null;
                RemoveCodeFile();
                return;
            }

            var code = NewCode();
            _codeHash = Hash(code);
            WriteCodeFile(code);
            Log.SetupCodeIssued(_logger, code, _codeFile);
        }
    }

    /// <summary>Creates the first admin when <paramref name="code"/> is right and setup is still open.</summary>
    public SetupResult TryComplete(string? code, string adminName, string password, string address)
    {
        lock (_attemptLock)
        {
            if (_codeHash is null || IsDone())
            {
                return new SetupResult(SetupOutcome.Closed, "Setup is closed: this box already has an admin. Sign in instead.");
            }

            var wait = _throttle.RetryAfter(ThrottleKey);
            if (wait > TimeSpan.Zero)
            {
                return new SetupResult(SetupOutcome.TooSoon, $"Too many wrong codes. Try again in {Math.Ceiling(wait.TotalSeconds)} s.", wait);
            }

            if (!CryptographicOperations.FixedTimeEquals(Hash(code ?? ""), _codeHash))
            {
                var delay = _throttle.Fail(ThrottleKey);
                Log.SetupCodeRejected(_logger, address, delay);
                return new SetupResult(SetupOutcome.WrongCode, $"That is not the setup code. Look in {_codeFile} or the log. Next try in {Math.Ceiling(delay.TotalSeconds)} s.", delay);
            }

            User admin;
            try
            {
                admin = _users.Add(adminName, password, UserRole.Admin);
            }
            catch (BoxRequestException ex)
            {
                // The code was right: a weak password or a bad name is not a wrong guess.
                return new SetupResult(SetupOutcome.Invalid, ex.Message);
            }

            _settings.Set(SettingKeys.SetupCompleted, "true");
            _throttle.Succeed(ThrottleKey);
            _codeHash = null;
            RemoveCodeFile();
            Log.SetupCompleted(_logger, admin.Name);
            return new SetupResult(SetupOutcome.Created, $"Admin '{admin.Name}' created. Sign in to continue.");
        }
    }

    /// <summary>Marks setup done after an admin was made outside the portal (the CLI's <c>setup</c>).</summary>
    public void MarkDone()
    {
        lock (_attemptLock)
        {
            _settings.Set(SettingKeys.SetupCompleted, "true");
            _codeHash = null;
            RemoveCodeFile();
        }
    }

    private bool IsDone() => _settings.Get(SettingKeys.SetupCompleted) == "true" || _users.AnyAdmin();

    private static string NewCode()
    {
        Span<byte> random = stackalloc byte[12];
        RandomNumberGenerator.Fill(random);
        var sb = new StringBuilder(14);
        for (var i = 0; i < random.Length; i++)
        {
            if (i is 4 or 8)
            {
                sb.Append('-');
            }

            sb.Append(Alphabet[random[i] & 31]);
        }

        return sb.ToString();
    }

    /// <summary>Codes are compared without dashes, spaces or case, as people type them.</summary>
    private static byte[] Hash(string code)
    {
        var normal = new StringBuilder(code.Length);
        foreach (var c in code)
        {
            if (c is not ('-' or ' '))
            {
                normal.Append(char.ToUpperInvariant(c));
            }
        }

        return SHA256.HashData(Encoding.UTF8.GetBytes(normal.ToString()));
    }

    private void WriteCodeFile(string code)
    {
        using var writer = new StreamWriter(PrivateFile.Create(_codeFile), Encoding.ASCII);
        writer.Write(code);
        writer.Write('\n');
    }

    private void RemoveCodeFile()
    {
        try
        {
            File.Delete(_codeFile);
        }
        catch (IOException ex)
        {
            Log.SetupFileNotRemoved(_logger, _codeFile, ex.Message);
        }
        catch (UnauthorizedAccessException ex)
        {
            Log.SetupFileNotRemoved(_logger, _codeFile, ex.Message);
        }
    }
}
