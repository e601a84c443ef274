using HomeTelco.Core.Security;
using HomeTelco.Core.Users;

namespace HomeTelco.Host.Api;

/// <summary>Small helpers the API handlers share.</summary>
internal static class HttpContextExtensions
{
    /// <summary>The signed-in user, freshly read from the store, or null.</summary>
    public static User? CurrentUser(this HttpContext context)
    {
        var id = BoxClaims.UserId(context.User);
        return id is null ? null : context.RequestServices.GetRequiredService<UserService>().Find(id.Value);
    }

    public static bool IsAdmin(this HttpContext context) => context.User.IsInRole(BoxClaims.Roles.Admin);
}
