using HomeTelco.Host.Auth;

namespace HomeTelco.Host.Api;

/// <summary>
/// The REST API under <c>/api</c>: one group, authenticated by default (cookie or token), with the
/// CSRF header rule for cookie writes. Each area maps its own routes.
/// </summary>
internal static class ApiRegistration
{
    public static IEndpointRouteBuilder MapBoxApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api")
            .RequireAuthorization()
            .AddEndpointFilter<CsrfHeaderFilter>();
        SetupEndpoints.Map(api);
        MeEndpoints.Map(api);
        UserEndpoints.Map(api);
        ExtensionEndpoints.Map(api);
        TokenEndpoints.Map(api);
        BackupEndpoints.Map(api);
        ProfileEndpoints.Map(api);
        StatusEndpoints.Map(api);
        SipBanEndpoints.Map(api);
        CallEndpoints.Map(api);
        MediaEndpoints.Map(api);
        StreamEndpoints.Map(api);
        LiveEndpoints.Map(api);
        TorrentEndpoints.Map(api);
        BandwidthEndpoints.Map(api);
        return app;
    }
}
