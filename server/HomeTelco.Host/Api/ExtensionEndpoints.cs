using HomeTelco.Core.Extensions;
using HomeTelco.Core.Phones;
using HomeTelco.Web;

namespace HomeTelco.Host.Api;

/// <summary>Phone extensions: everyone signed in sees them and their registered phones; admins add, change and remove.</summary>
internal static class ExtensionEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var extensions = api.MapGroup("/extensions").WithTags("Extensions");
        extensions.MapGet("/", (HttpContext http, ExtensionService service, TimeProvider time) =>
        {
            var registrations = Registrations(http, null).ToLookup(r => r.Number, StringComparer.Ordinal);
            var now = time.GetUtcNow();
            return service.List().Select(e => ExtensionView.From(e, registrations[e.Number], now));
        });

        extensions.MapGet("/{number}", (string number, HttpContext http, ExtensionService service, TimeProvider time) =>
            service.Find(number) is { } extension
                ? Results.Ok(ExtensionView.From(extension, Registrations(http, number), time.GetUtcNow()))
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no extension {number}."));

        extensions.MapPost("/", (NewExtension body, ExtensionService service, TimeProvider time) =>
        {
            var saved = service.Create(body.Number ?? "", body.DisplayName, body.Password);
            var view = ExtensionView.From(saved.Extension, [], time.GetUtcNow(), saved.GeneratedPassword);
            return Results.Created($"/api/extensions/{saved.Extension.Number}", view);
        }).RequireAuthorization(PortalAuth.AdminPolicy);

        extensions.MapPut("/{number}", (string number, ExtensionChange body, HttpContext http, ExtensionService service, TimeProvider time) =>
        {
            var saved = service.Update(number, body.DisplayName, body.Password);
            return Results.Ok(ExtensionView.From(saved.Extension, Registrations(http, number), time.GetUtcNow(), saved.GeneratedPassword));
        }).RequireAuthorization(PortalAuth.AdminPolicy);

        extensions.MapDelete("/{number}", (string number, ExtensionService service) =>
        {
            service.Remove(number);
            return Results.NoContent();
        }).RequireAuthorization(PortalAuth.AdminPolicy);
    }

    /// <summary>Live registrations when the SIP engine provides them; none while SIP is off or not in this build.</summary>
    private static IReadOnlyList<PhoneRegistration> Registrations(HttpContext http, string? number) =>
        http.RequestServices.GetService<IPhoneRegistrations>()?.List(number) ?? [];

    /// <summary>A new extension; no password (or an empty one) has the box generate one.</summary>
    internal sealed record NewExtension(string? Number, string? DisplayName, string? Password);

    /// <summary>What to change: null leaves a field alone; an empty password generates a new one.</summary>
    internal sealed record ExtensionChange(string? DisplayName, string? Password);
}
