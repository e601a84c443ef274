namespace HomeTelco.Core.Users;

/// <summary>What a password and a user name must look like. Returns the reason a value is refused, or null.</summary>
public static class PasswordPolicy
{
    public const int MinLength = 10;
    public const int MaxLength = 256;

    public static string? Check(string userName, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return "A password is required.";
        }

        if (password.Length < MinLength)
        {
            return $"The password must have at least {MinLength} characters.";
        }

        if (password.Length > MaxLength)
        {
            return $"The password must have at most {MaxLength} characters.";
        }

        if (string.Equals(password.Trim(), userName.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return "The password must not be the user name.";
        }

        return null;
    }

    public static string? CheckUserName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "A user name is required.";
        }

        if (name.Length > 64)
        {
            return "A user name has at most 64 characters.";
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
            {
                return "A user name may use letters, digits, '.', '-' and '_' only.";
            }
        }

        return null;
    }
}
