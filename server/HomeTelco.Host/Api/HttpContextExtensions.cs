using HomeTelco.Core.Security;
using HomeTelco.Core.Users;

namespace HomeTelco.Host.Api;

/// <summary>Small helpers the API handlers share.</summary>
internal static class HttpContextExtensions
{
    /// <summary>The remote address as a string, for throttles and logs.</summary>
    public static string RemoteAddress(this HttpContext context) =>
        context.Connection.RemoteIpAddress?.ToString() ?? "local";

    /// <summary>The signed-in user, freshly read from the store, or null.</summary>
    public static User? CurrentUser(this HttpContext context)
    {
        var id = BoxClaims.UserId(context.User);
        return id is null ? null : context.RequestServices.GetRequiredService<UserService>().Find(id.Value);
    }

    public static bool IsAdmin(this HttpContext context) => context.User.IsInRole(BoxClaims.Roles.Admin);
}
