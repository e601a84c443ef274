using Microsoft.AspNetCore.Http;

namespace HomeTelco.Web;

/// <summary>The caller's address as the sign-in and setup throttles key on it; the portal and the API use this one definition.</summary>
public static class ClientAddress
{
    public static string Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Connection.RemoteIpAddress?.ToString() ?? "local";
    }
}
