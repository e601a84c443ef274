using HomeTelco.Core;
using HomeTelco.Core.SipSecurity;
using HomeTelco.Web;

namespace HomeTelco.Host.Api;

/// <summary>
/// The SIP ban list: everyone signed in may read it; admins ban and lift. An address in the URL may be a CIDR range,
/// with its slash URL-encoded (<c>/api/sip/bans/203.0.113.0%2F24</c>) or as is (<c>/api/sip/bans/203.0.113.0/24</c>).
/// </summary>
internal static class SipBanEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var bans = api.MapGroup("/sip/bans").WithTags("SIP defence");
        bans.MapGet("/", (SipBanService service) => service.List().Select(SipBanView.From));

        bans.MapPost("/", (NewBan? body, SipBanService service) =>
        {
            if (body is null)
            {
                throw new BoxRequestException("Send a JSON body such as {\"address\": \"203.0.113.7\", \"reason\": \"scanner\", \"minutes\": 60} (leave minutes out for a permanent ban).");
            }

            var ban = service.Ban(body.Address, body.Reason, body.Minutes);
            return Results.Created($"/api/sip/bans/{Uri.EscapeDataString(ban.Address)}", SipBanView.From(ban));
        }).RequireAuthorization(PortalAuth.AdminPolicy);

        bans.MapDelete("/{**address}", (string address, SipBanService service) =>
        {
            service.Lift(Uri.UnescapeDataString(address));
            return Results.NoContent();
        }).RequireAuthorization(PortalAuth.AdminPolicy);
    }

    internal sealed record NewBan(string? Address, string? Reason, int? Minutes);

    internal sealed record SipBanView(string Address, string Reason, bool Automatic, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, int Offences)
    {
        public static SipBanView From(SipBan ban) => new(ban.Address, ban.Reason, ban.Automatic, ban.CreatedAt, ban.ExpiresAt, ban.Offences);
    }
}
