using System.Globalization;
using System.Security.Claims;
using HomeTelco.Core.Users;

namespace HomeTelco.Core.Security;

/// <summary>The claims a signed-in person or token carries, built in one place for cookies and tokens alike.</summary>
public static class BoxClaims
{
    /// <summary>Claim holding the user's security stamp: a cookie whose stamp no longer matches is rejected.</summary>
    public const string Stamp = "hometelco:stamp";

    /// <summary>Claim naming how the request was authenticated ("cookie" or "token").</summary>
    public const string Method = "hometelco:auth";

    public static ClaimsPrincipal For(User user, string authenticationType, string method)
    {
        ArgumentNullException.ThrowIfNull(user);
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, user.Id.ToString(CultureInfo.InvariantCulture)),
                new Claim(ClaimTypes.Name, user.Name),
                new Claim(ClaimTypes.Role, user.Role == UserRole.Admin ? Roles.Admin : Roles.Member),
                new Claim(Stamp, user.SecurityStamp),
                new Claim(Method, method),
            ],
            authenticationType,
            ClaimTypes.Name,
            ClaimTypes.Role);
        return new ClaimsPrincipal(identity);
    }

    /// <summary>The user id of a principal built by <see cref="For"/>, or null.</summary>
    public static int? UserId(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var value = principal.FindFirst(ClaimTypes.NameIdentifier)?.Value;
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
    }

    /// <summary>Role names as they appear in claims and policies.</summary>
    public static class Roles
    {
        public const string Admin = "admin";
        public const string Member = "member";
    }
}
