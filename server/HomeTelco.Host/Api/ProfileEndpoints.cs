using HomeTelco.Core.Profiles;
using HomeTelco.Web;

namespace HomeTelco.Host.Api;

/// <summary>The active hardware profile and why; admins may choose another (applied at the next start).</summary>
internal static class ProfileEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var profile = api.MapGroup("/profile").WithTags("Profile");
        profile.MapGet("/", (ProfileService profiles) => new ProfileView(profiles.Active, profiles.Detected.Profile.Name, profiles.All.Select(p => p.Name).ToList()));
        profile.MapPut("/", (ProfileChange body, ProfileService profiles) =>
        {
            profiles.SetOverride(string.IsNullOrWhiteSpace(body.Name) ? null : body.Name);
            return Results.Ok(new ProfileView(profiles.Active, profiles.Detected.Profile.Name, profiles.All.Select(p => p.Name).ToList()));
        }).RequireAuthorization(PortalAuth.AdminPolicy);
    }

    internal sealed record ProfileChange(string? Name);

    internal sealed record ProfileView(ProfileChoice Active, string Detected, IReadOnlyList<string> Available);
}
