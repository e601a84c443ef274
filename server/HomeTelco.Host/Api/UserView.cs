using HomeTelco.Core.Users;

namespace HomeTelco.Host.Api;

/// <summary>A user as the API shows it: never a hash or secret.</summary>
internal sealed record UserView(int Id, string Name, string Role, bool TotpEnabled, DateTimeOffset CreatedAt)
{
    public static UserView From(User user) =>
        new(user.Id, user.Name, user.Role == UserRole.Admin ? "admin" : "member", user.TotpEnabled, user.CreatedAt);
}
