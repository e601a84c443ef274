using HomeTelco.Core;
using HomeTelco.Core.Users;
using HomeTelco.Web;

namespace HomeTelco.Host.Api;

/// <summary>Accounts, for admins: list, add, set a password, remove.</summary>
internal static class UserEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").RequireAuthorization(PortalAuth.AdminPolicy).WithTags("Users");
        users.MapGet("/", (UserService service) => service.List().Select(UserView.From));

        users.MapPost("/", (NewUser body, UserService service) =>
        {
            var role = ParseRole(body.Role);
            var user = service.Add(body.Name ?? "", body.Password ?? "", role);
            return Results.Created($"/api/users/{user.Name}", UserView.From(user));
        });

        users.MapPut("/{name}/password", (string name, NewPassword body, UserService service) =>
        {
            service.SetPassword(name, body.Password ?? "");
            return Results.NoContent();
        });

        users.MapDelete("/{name}", (string name, UserService service) =>
        {
            service.Remove(name);
            return Results.NoContent();
        });
    }

    internal static UserRole ParseRole(string? role) => role?.Trim().ToLowerInvariant() switch
    {
        null or "" or "member" => UserRole.Member,
        "admin" => UserRole.Admin,
        _ => throw new BoxRequestException($"Unknown role '{role}': use admin or member."),
    };

    internal sealed record NewUser(string? Name, string? Password, string? Role);

    internal sealed record NewPassword(string? Password);
}
