namespace HomeTelco.Core.Extensions;

/// <summary>What an extension number, display name and SIP password must look like; each check returns the reason a value is refused, or null.</summary>
public static class ExtensionPolicy
{
    public const int MinNumberLength = 2;
    public const int MaxNumberLength = 10;
    public const int MaxDisplayNameLength = 64;

    /// <summary>
    /// SIP passwords are attacked by scanners all day long and are typed once into a phone, so they are longer than
    /// account passwords; a generated one is the usual choice.
    /// </summary>
    public const int MinPasswordLength = 12;
    public const int MaxPasswordLength = 128;

    /// <summary>The box refuses to create more, so every per-extension table stays small.</summary>
    public const int MaxExtensions = 1000;

    public static string? CheckNumber(string? number)
    {
        if (string.IsNullOrEmpty(number))
        {
            return "An extension number is required.";
        }

        if (number.Length is < MinNumberLength or > MaxNumberLength || !number.All(char.IsAsciiDigit))
        {
            return $"An extension number has {MinNumberLength} to {MaxNumberLength} digits (0-9).";
        }

        return null;
    }

    public static string? CheckDisplayName(string? displayName)
    {
        if (displayName is null)
        {
            return null;
        }

        if (displayName.Length > MaxDisplayNameLength)
        {
            return $"A display name has at most {MaxDisplayNameLength} characters.";
        }

        // The name goes into From headers between quotes; control characters and quotes would break them. Bidi
        // overrides and line separators would let a caller ID read differently from what it is.
        return displayName.Any(c => char.IsControl(c) || c is '"' or '\\' || IsBidiOrLineControl(c))
            ? "A display name must not contain quotes, backslashes, control or text-direction characters."
            : null;
    }

    public static string? CheckPassword(string number, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return "A SIP password is required.";
        }

        if (password.Length < MinPasswordLength)
        {
            return $"A SIP password has at least {MinPasswordLength} characters (leave it out to have one generated).";
        }

        if (password.Length > MaxPasswordLength)
        {
            return $"A SIP password has at most {MaxPasswordLength} characters.";
        }

        // Digest hashes the password's bytes, and phones disagree on how to encode anything beyond ASCII (RFC 7616
        // charset is rarely sent); many phone screens also trim spaces at the ends. Either would fail in silence.
        if (!password.All(c => c is >= ' ' and <= '~'))
        {
            return "A SIP password uses printable ASCII characters only (letters, digits, punctuation, spaces): many phones cannot send others.";
        }

        if (password[0] == ' ' || password[^1] == ' ')
        {
            return "A SIP password must not start or end with a space: many phones drop it.";
        }

        return number.Length > 0 && password.Contains(number, StringComparison.Ordinal) ? "A SIP password must not contain the extension number." : null;
    }

    private static bool IsBidiOrLineControl(char c) => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200E' or '\u200F' or '\u2028' or '\u2029';
}
