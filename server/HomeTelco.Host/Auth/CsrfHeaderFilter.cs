using HomeTelco.Core.Security;
using HomeTelco.Web;

namespace HomeTelco.Host.Auth;

/// <summary>
/// Refuses API writes authenticated only by the portal cookie unless they carry
/// <see cref="PortalAuth.CsrfHeader"/>. Browsers cannot add that header to a cross-site form or
/// image request, so a hostile page cannot use a signed-in person's cookie to change the box.
/// </summary>
internal sealed class CsrfHeaderFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var method = http.Request.Method;
        var safe = HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);
        var byCookie = http.User.FindFirst(BoxClaims.Method)?.Value == "cookie";
        if (!safe && byCookie && !http.Request.Headers.ContainsKey(PortalAuth.CsrfHeader))
        {
            return Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Missing request header",
                detail: $"API writes with the sign-in cookie need the header {PortalAuth.CsrfHeader}; scripts should use an API token.");
        }

        return await next(context).ConfigureAwait(false);
    }
}
