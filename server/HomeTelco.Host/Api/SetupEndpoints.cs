using HomeTelco.Core.Security;
using HomeTelco.Web;

namespace HomeTelco.Host.Api;

/// <summary>
/// First-run setup for headless installs. Open to anonymous callers only while setup is open; once the
/// first admin exists these routes need a signed-in user like every other route.
/// </summary>
internal static class SetupEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var group = api.MapGroup("/setup").AllowAnonymous().WithTags("Setup");
        group.MapGet("/", (HttpContext http, FirstRunSetup setup) =>
            !setup.IsOpen && http.User.Identity?.IsAuthenticated != true
                ? Results.Unauthorized()
                : Results.Ok(new SetupState(setup.IsOpen)));

        group.MapPost("/", (SetupRequest request, HttpContext http, FirstRunSetup setup) =>
        {
            if (!setup.IsOpen)
            {
                return http.User.Identity?.IsAuthenticated == true
                    ? Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Setup is closed", detail: "This box already has an admin.")
                    : Results.Unauthorized();
            }

            var result = setup.TryComplete(request.Code, request.Admin ?? "", request.Password ?? "", ClientAddress.Of(http));
            return result.Outcome switch
            {
                SetupOutcome.Created => Results.Created("/api/me", new SetupState(false)),
                SetupOutcome.Invalid => Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid admin", detail: result.Message),
                SetupOutcome.Closed => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Setup is closed", detail: result.Message),
                _ => TooManyOrForbidden(http, result),
            };
        });
    }

    private static IResult TooManyOrForbidden(HttpContext http, SetupResult result)
    {
        http.Response.Headers.RetryAfter = Math.Ceiling(result.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return result.Outcome == SetupOutcome.TooSoon
            ? Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many attempts", detail: result.Message)
            : Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Wrong setup code", detail: result.Message);
    }

    internal sealed record SetupState(bool Open);

    internal sealed record SetupRequest(string? Code, string? Admin, string? Password);
}
