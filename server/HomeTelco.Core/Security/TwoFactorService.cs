using System.Security.Cryptography;
using System.Text;
using HomeTelco.Core.Users;
using OtpNet;

namespace HomeTelco.Core.Security;

/// <summary>
/// TOTP second factor (RFC 6238, 30 s steps, one step of clock drift either way) with ten
/// single-use recovery codes. A code is accepted at most once: the step it matched is remembered.
/// </summary>
public sealed class TwoFactorService(UserService users, TimeProvider time)
{
    private const int RecoveryCodeCount = 10;
    private static readonly VerificationWindow Drift = new(previous: 1, future: 1);

    /// <summary>Starts enrolment: a new secret is kept on the user (not yet required) and returned with its otpauth URI.</summary>
    public (string Secret, string Uri) BeginEnrollment(User user, string issuer)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.TotpEnabled)
        {
            throw new BoxRequestException("Two-factor sign-in is already on; turn it off first to enrol a new device.") { IsConflict = true };
        }

        var secret = Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));
        user.TotpSecret = secret;
        users.Save(user);
        return (secret, EnrollmentUri(user, issuer)!);
    }

    /// <summary>
    /// The otpauth URI of an enrolment in progress (null when none is), so a page can show the QR code
    /// again after a mistyped code without issuing a new secret and forcing a rescan.
    /// </summary>
    public static string? EnrollmentUri(User user, string issuer)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.TotpSecret is null)
        {
            return null;
        }

        var label = Uri.EscapeDataString($"{issuer}:{user.Name}");
        return $"otpauth://totp/{label}?secret={user.TotpSecret}&issuer={Uri.EscapeDataString(issuer)}&digits=6&period=30";
    }

    /// <summary>Turns the factor on once the person proves their authenticator works; returns the recovery codes, shown once.</summary>
    public IReadOnlyList<string> Enable(User user, string code)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.TotpSecret is null)
        {
            throw new BoxRequestException("Start two-factor enrolment first.");
        }

        if (!MatchTotp(user, code))
        {
            throw new BoxRequestException("That code does not match; check the authenticator's clock and try the next code.");
        }

        user.TotpEnabled = true;
        var codes = new List<string>(RecoveryCodeCount);
        user.RecoveryCodeHashes = [];
        for (var i = 0; i < RecoveryCodeCount; i++)
        {
            var recovery = Convert.ToHexString(RandomNumberGenerator.GetBytes(5)).ToLowerInvariant();
            codes.Add(recovery);
            user.RecoveryCodeHashes.Add(HashRecovery(recovery));
        }

        user.SecurityStamp = UserService.NewStamp();
        users.Save(user);
        return codes;
    }

    public void Disable(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        user.TotpEnabled = false;
        user.TotpSecret = null;
        user.RecoveryCodeHashes = [];
        user.LastTotpStep = 0;
        user.SecurityStamp = UserService.NewStamp();
        users.Save(user);
    }

    /// <summary>Checks a TOTP code or, failing that, a recovery code (which is then used up).</summary>
    public bool Verify(User user, string? code)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!user.TotpEnabled || string.IsNullOrWhiteSpace(code))
        {
            return false;
        }

        code = code.Trim().Replace(" ", "", StringComparison.Ordinal);
        if (MatchTotp(user, code))
        {
            return true;
        }

        var hash = HashRecovery(code.ToLowerInvariant());
        var index = user.RecoveryCodeHashes.FindIndex(h => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(h), Encoding.ASCII.GetBytes(hash)));
        if (index < 0)
        {
            return false;
        }

        user.RecoveryCodeHashes.RemoveAt(index);
        users.Save(user);
        return true;
    }

    private bool MatchTotp(User user, string code)
    {
        if (user.TotpSecret is null || code.Length != 6)
        {
            return false;
        }

        var totp = new Totp(Base32Encoding.ToBytes(user.TotpSecret));
        if (!totp.VerifyTotp(time.GetUtcNow().UtcDateTime, code, out var step, Drift) || step <= user.LastTotpStep)
        {
            return false;
        }

        user.LastTotpStep = step;
        users.Save(user);
        return true;
    }

    private static string HashRecovery(string code) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(code)));
}
