using HomeTelco.Core;
using HomeTelco.Core.Schedules;
using HomeTelco.Web;

namespace HomeTelco.Host.Api;

/// <summary>The bandwidth schedule's rules: everyone signed in may read them; admins add, change and remove them.</summary>
internal static class BandwidthEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var rules = api.MapGroup("/bandwidth/rules").WithTags("Bandwidth");
        rules.MapGet("/", (BandwidthScheduleService service) => service.List());

        rules.MapPost("/", (BandwidthRule? body, BandwidthScheduleService service) =>
        {
            var saved = service.Save(Required(body) with { Id = "" });
            return Results.Created($"/api/bandwidth/rules/{saved.Id}", saved);
        }).RequireAuthorization(PortalAuth.AdminPolicy);

        rules.MapPut("/{id}", (string id, BandwidthRule? body, BandwidthScheduleService service) =>
        {
            _ = service.Find(id) ?? throw new BoxRequestException($"No bandwidth rule with id '{id}'.") { IsNotFound = true };
            return Results.Ok(service.Save(Required(body) with { Id = id }));
        }).RequireAuthorization(PortalAuth.AdminPolicy);

        rules.MapDelete("/{id}", (string id, BandwidthScheduleService service) =>
        {
            service.Remove(id);
            return Results.NoContent();
        }).RequireAuthorization(PortalAuth.AdminPolicy);
    }

    private static BandwidthRule Required(BandwidthRule? body) => body ?? throw new BoxRequestException(
        "Send a JSON body such as {\"name\": \"Evenings\", \"days\": 127, \"startMinute\": 1080, \"endMinute\": 1380, \"downloadBytesPerSecond\": 250000, \"uploadBytesPerSecond\": 50000}.");
}
