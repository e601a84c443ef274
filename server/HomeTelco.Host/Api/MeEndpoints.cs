using HomeTelco.Core.Security;
using HomeTelco.Core.Settings;
using HomeTelco.Core.Users;

namespace HomeTelco.Host.Api;

/// <summary>The caller's own account: who am I, change my password, turn the second factor on or off.</summary>
internal static class MeEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var me = api.MapGroup("/me").WithTags("Me");
        me.MapGet("/", (HttpContext http) => http.CurrentUser() is { } user ? Results.Ok(UserView.From(user)) : Results.Unauthorized());

        me.MapPut("/password", (PasswordChange body, HttpContext http, UserService users) =>
        {
            var user = http.CurrentUser();
            if (user is null || users.CheckPassword(user.Name, body.CurrentPassword ?? "") is null)
            {
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Current password is wrong");
            }

            users.SetPassword(user.Name, body.NewPassword ?? "");
            return Results.NoContent();
        });

        me.MapPost("/totp", (HttpContext http, TwoFactorService twoFactor) =>
        {
            var user = http.CurrentUser();
            if (user is null)
            {
                return Results.Unauthorized();
            }

            var (secret, uri) = twoFactor.BeginEnrollment(user, BoxIdentity.Issuer);
            return Results.Ok(new TotpEnrollment(secret, uri));
        });

        me.MapPost("/totp/enable", (TotpCode body, HttpContext http, TwoFactorService twoFactor) =>
            http.CurrentUser() is { } user ? Results.Ok(new RecoveryCodes(twoFactor.Enable(user, body.Code ?? ""))) : Results.Unauthorized());

        // Turning the second factor off asks for the password again, so a stolen session alone cannot.
        me.MapPost("/totp/disable", (CurrentPassword body, HttpContext http, UserService users, TwoFactorService twoFactor) =>
        {
            var user = http.CurrentUser();
            if (user is null || users.CheckPassword(user.Name, body.Password ?? "") is null)
            {
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Current password is wrong");
            }

            twoFactor.Disable(user);
            return Results.NoContent();
        });
    }

    internal sealed record PasswordChange(string? CurrentPassword, string? NewPassword);

    internal sealed record CurrentPassword(string? Password);

    internal sealed record TotpEnrollment(string Secret, string Uri);

    internal sealed record TotpCode(string? Code);

    internal sealed record RecoveryCodes(IReadOnlyList<string> Codes);
}
