using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HomeTelco.Web;

/// <summary>How the host adds the portal: services with <see cref="AddPortal"/>, endpoints with <see cref="MapPortal"/>.</summary>
public static class PortalRegistration
{
    public static IServiceCollection AddPortal(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        return services;
    }

    public static IEndpointRouteBuilder MapPortal(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return endpoints;
    }
}
