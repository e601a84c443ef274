using HomeTelco.Core.Security;
using HomeTelco.Core.Users;
using Microsoft.AspNetCore.Components.Authorization;

namespace HomeTelco.Web.Security;

/// <summary>
/// The signed-in person, read fresh from the store. An interactive circuit keeps the principal it
/// started with, so every action looks the user up again: a password change, a removal or a lost
/// admin role elsewhere takes effect on the next click, not when the circuit ends.
/// </summary>
internal static class PortalUser
{
    public static async Task<User?> ResolveAsync(Task<AuthenticationState>? state, UserService users)
    {
        if (state is null)
        {
            return null;
        }

        var auth = await state.ConfigureAwait(false);
        return Resolve(auth.User, users);
    }

    public static User? Resolve(System.Security.Claims.ClaimsPrincipal principal, UserService users)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(users);
        var id = BoxClaims.UserId(principal);
        var user = id is null ? null : users.Find(id.Value);
        var stamp = principal.FindFirst(BoxClaims.Stamp)?.Value;
        return user is not null && string.Equals(user.SecurityStamp, stamp, StringComparison.Ordinal) ? user : null;
    }
}
