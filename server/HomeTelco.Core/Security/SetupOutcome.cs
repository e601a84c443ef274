namespace HomeTelco.Core.Security;

/// <summary>What an attempt at first-run setup came to.</summary>
public enum SetupOutcome
{
    Created,
    Closed,
    WrongCode,
    TooSoon,
    Invalid,
}

/// <summary>The outcome with the details the caller shows.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Message">Why, in words for the person at the screen.</param>
/// <param name="RetryAfter">For <see cref="SetupOutcome.WrongCode"/> and <see cref="SetupOutcome.TooSoon"/>: when to try again.</param>
public sealed record SetupResult(SetupOutcome Outcome, string Message, TimeSpan RetryAfter = default);
