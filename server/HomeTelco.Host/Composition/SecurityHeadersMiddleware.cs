using HomeTelco.Host.Observability;

namespace HomeTelco.Host.Composition;

/// <summary>
/// Headers every response carries so the portal cannot be framed, sniffed or made to load foreign
/// scripts; also counts the request (for the page release) and the response (for /metrics).
/// </summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next, RequestCounter counter)
{
    private const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; " +
        "connect-src 'self'; media-src 'self' blob:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    public async Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        counter.Started(context.Request.Path);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            counter.Record(context.Response.StatusCode);
        }
    }
}
