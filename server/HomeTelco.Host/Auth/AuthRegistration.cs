using HomeTelco.Core;
using HomeTelco.Core.Security;
using HomeTelco.Core.Users;
using HomeTelco.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;

namespace HomeTelco.Host.Auth;

/// <summary>
/// Sign-in cookies for the portal, bearer tokens for automation, and one policy scheme that picks
/// between them. Cookie keys persist in the data folder so sessions survive a restart; a cookie
/// whose security stamp no longer matches the user's (password changed, 2FA changed, user removed)
/// is rejected at once.
/// </summary>
internal static class AuthRegistration
{
    public static IServiceCollection AddBoxAuth(this IServiceCollection services, BoxPaths paths)
    {
        BoxPaths.EnsurePrivateDirectory(paths.DataDir);
        BoxPaths.EnsurePrivateDirectory(paths.KeysDir);

        services.AddDataProtection()
            .SetApplicationName("HomeTelco")
            .PersistKeysToFileSystem(new DirectoryInfo(paths.KeysDir));

        services.AddAuthentication(PortalAuth.Scheme)
            .AddPolicyScheme(PortalAuth.Scheme, "Cookie or token", o =>
            {
                o.ForwardDefaultSelector = context =>
                    context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                        ? PortalAuth.TokenScheme
                        : PortalAuth.CookieScheme;
            })
            .AddCookie(PortalAuth.CookieScheme, o =>
            {
                o.Cookie.Name = "hometelco.auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/signin";
                o.LogoutPath = "/signout";
                o.AccessDeniedPath = "/denied";
                o.ExpireTimeSpan = TimeSpan.FromDays(14);
                o.SlidingExpiration = true;
                o.Events = new CookieAuthenticationEvents
                {
                    OnValidatePrincipal = ValidateStampAsync,
                    OnRedirectToLogin = context => StatusOrRedirect(context, StatusCodes.Status401Unauthorized),
                    OnRedirectToAccessDenied = context => StatusOrRedirect(context, StatusCodes.Status403Forbidden),
                };
            })
            .AddCookie(PortalAuth.TwoFactorScheme, o =>
            {
                o.Cookie.Name = "hometelco.2fa";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.ExpireTimeSpan = TimeSpan.FromMinutes(5);
                o.SlidingExpiration = false;
            })
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(PortalAuth.TokenScheme, null);

        services.AddAuthorizationBuilder()
            .AddPolicy(PortalAuth.AdminPolicy, p => p.RequireAuthenticatedUser().RequireRole(BoxClaims.Roles.Admin));
        return services;
    }

    private static async Task ValidateStampAsync(CookieValidatePrincipalContext context)
    {
        var users = context.HttpContext.RequestServices.GetRequiredService<UserService>();
        var id = context.Principal is null ? null : BoxClaims.UserId(context.Principal);
        var user = id is null ? null : users.Find(id.Value);
        var stamp = context.Principal?.FindFirst(BoxClaims.Stamp)?.Value;
        if (user is null || !string.Equals(user.SecurityStamp, stamp, StringComparison.Ordinal))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(PortalAuth.CookieScheme).ConfigureAwait(false);
            return;
        }

        // Role changes take effect without a new sign-in.
        if (!context.Principal!.IsInRole(user.Role == UserRole.Admin ? BoxClaims.Roles.Admin : BoxClaims.Roles.Member))
        {
            context.ReplacePrincipal(BoxClaims.For(user, PortalAuth.CookieScheme, "cookie"));
            context.ShouldRenew = true;
        }
    }

    /// <summary>API and metrics callers get a status code; people in the portal get the sign-in page.</summary>
    private static Task StatusOrRedirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (IsMachineEndpoint(context.Request.Path))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    internal static bool IsMachineEndpoint(PathString path) =>
        path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase);
}
