using HomeTelco.Core;
using Microsoft.AspNetCore.Diagnostics;

namespace HomeTelco.Host.Composition;

/// <summary>
/// Turns refusals the caller can fix into 400/404/409 problem responses, and bad request bodies (broken
/// JSON, wrong types) into 400, instead of 500s; everything else stays a 500 without details.
/// </summary>
internal sealed class BoxExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            BoxRequestException { IsConflict: true } e => (StatusCodes.Status409Conflict, "Conflict", e.Message),
            BoxRequestException { IsNotFound: true } e => (StatusCodes.Status404NotFound, "Not found", e.Message),
            BoxRequestException e => (StatusCodes.Status400BadRequest, "Request refused", e.Message),
            BadHttpRequestException e => (e.StatusCode, "Bad request", e.Message),
            _ => (0, "", ""),
        };
        if (status == 0)
        {
            return false;
        }

        httpContext.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        }).ConfigureAwait(false);
    }
}
