using HomeTelco.Core.Users;
using Microsoft.Extensions.Logging;

namespace HomeTelco.Core.Security;

/// <summary>What a sign-in attempt came to.</summary>
public enum SignInOutcome
{
    Success,
    SecondFactorRequired,
    Failed,
    Throttled,
}

/// <summary>The outcome, the user when known, and how long to wait when throttled.</summary>
public sealed record SignInResult(SignInOutcome Outcome, User? User = null, TimeSpan RetryAfter = default);

/// <summary>
/// Password and second-factor checks with rate limits per user (5 free failures) and per address
/// (20 free failures); beyond those every failure doubles the wait. A throttled attempt is refused
/// before the password is even looked at, so guessing cannot go faster than the limit.
/// </summary>
public sealed class SignInService(UserService users, TwoFactorService twoFactor, TimeProvider time, ILogger<SignInService> logger)
{
    private readonly AttemptThrottle _perUser = new(time, freeFailures: 5);
    private readonly AttemptThrottle _perAddress = new(time, freeFailures: 20);

    public SignInResult CheckPassword(string name, string password, string address)
    {
        var userKey = UserService.Key(name ?? "");
        var wait = Max(_perUser.RetryAfter(userKey), _perAddress.RetryAfter(address));
        if (wait > TimeSpan.Zero)
        {
            return new SignInResult(SignInOutcome.Throttled, RetryAfter: wait);
        }

        var user = users.CheckPassword(name ?? "", password ?? "");
        if (user is null)
        {
            Fail(userKey, address, name ?? "");
            return new SignInResult(SignInOutcome.Failed);
        }

        if (user.TotpEnabled)
        {
            return new SignInResult(SignInOutcome.SecondFactorRequired, user);
        }

        Succeed(userKey, address);
        return new SignInResult(SignInOutcome.Success, user);
    }

    /// <summary>Second step for a user whose password was right: a TOTP or recovery code.</summary>
    public SignInResult CheckSecondFactor(int userId, string code, string address)
    {
        var user = users.Find(userId);
        if (user is null)
        {
            return new SignInResult(SignInOutcome.Failed);
        }

        var wait = Max(_perUser.RetryAfter(user.NameKey), _perAddress.RetryAfter(address));
        if (wait > TimeSpan.Zero)
        {
            return new SignInResult(SignInOutcome.Throttled, RetryAfter: wait);
        }

        if (!twoFactor.Verify(user, code))
        {
            Fail(user.NameKey, address, user.Name);
            return new SignInResult(SignInOutcome.Failed);
        }

        Succeed(user.NameKey, address);
        return new SignInResult(SignInOutcome.Success, user);
    }

    private void Fail(string userKey, string address, string name)
    {
        _perUser.Fail(userKey);
        _perAddress.Fail(address);
        Log.SignInFailed(logger, name, address);
    }

    private void Succeed(string userKey, string address)
    {
        _perUser.Succeed(userKey);
        _perAddress.Succeed(address);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
