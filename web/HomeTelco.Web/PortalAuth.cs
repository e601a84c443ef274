namespace HomeTelco.Web;

/// <summary>Names of the authentication schemes and cookies the host registers and the portal signs in with.</summary>
public static class PortalAuth
{
    /// <summary>The policy scheme every endpoint uses: a bearer token when one is presented, else the cookie.</summary>
    public const string Scheme = "HomeTelco";

    /// <summary>The portal's sign-in cookie.</summary>
    public const string CookieScheme = "HomeTelco.Cookie";

    /// <summary>A short-lived cookie that remembers a right password while the second factor is asked.</summary>
    public const string TwoFactorScheme = "HomeTelco.TwoFactor";

    /// <summary>API bearer tokens (<c>Authorization: Bearer ht_...</c>).</summary>
    public const string TokenScheme = "HomeTelco.Token";

    /// <summary>Authorization policy for admin-only pages and routes.</summary>
    public const string AdminPolicy = "admin";

    /// <summary>
    /// Header a cookie-authenticated API call must carry to change anything: a cross-site form cannot
    /// set it, so the cookie alone never authorises a write (token calls need no such header).
    /// </summary>
    public const string CsrfHeader = "X-HomeTelco-Request";
}
