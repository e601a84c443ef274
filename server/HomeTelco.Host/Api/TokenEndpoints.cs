using HomeTelco.Core.Security;

namespace HomeTelco.Host.Api;

/// <summary>API tokens: everyone manages their own; admins see and revoke all.</summary>
internal static class TokenEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var tokens = api.MapGroup("/tokens").WithTags("Tokens");
        tokens.MapGet("/", (HttpContext http, ApiTokenService service) =>
            service.List(http.IsAdmin() ? null : BoxClaims.UserId(http.User)).Select(TokenView.From));

        tokens.MapPost("/", (NewToken body, HttpContext http, ApiTokenService service) =>
        {
            var user = http.CurrentUser();
            if (user is null)
            {
                return Results.Unauthorized();
            }

            var (record, token) = service.Create(user.Name, body.Name ?? "");
            return Results.Created($"/api/tokens/{record.Id}", new CreatedToken(TokenView.From(record), token));
        });

        tokens.MapDelete("/{id}", (string id, HttpContext http, ApiTokenService service) =>
            service.Revoke(id, http.IsAdmin() ? null : BoxClaims.UserId(http.User)) ? Results.NoContent() : Results.NotFound());
    }

    internal sealed record NewToken(string? Name);

    internal sealed record TokenView(string Id, int UserId, string Name, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt)
    {
        public static TokenView From(ApiTokenRecord r) => new(r.Id, r.UserId, r.Name, r.CreatedAt, r.LastUsedAt);
    }

    /// <summary>The only time the secret is shown.</summary>
    internal sealed record CreatedToken(TokenView Token, string Secret);
}
