using System.Net;
using HomeTelco.Core.Engines;
using HomeTelco.Core.Extensions;
using HomeTelco.Core.Phones;
using HomeTelco.Core.Settings;
using HomeTelco.Core.Store;
using HomeTelco.Sip.Engine;
using HomeTelco.Sip.Location;
using HomeTelco.Sip.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HomeTelco.Sip;

/// <summary>How the host adds the SIP engine: one call with the validated port and address.</summary>
public static class SipRegistration
{
    /// <param name="builder">The host being composed.</param>
    /// <param name="port">UDP and TCP port; 0 turns SIP off.</param>
    /// <param name="listenAddress">Address to bind, or null for all.</param>
    public static IHostApplicationBuilder AddSip(this IHostApplicationBuilder builder, int port, IPAddress? listenAddress)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new SipTransportOptions { Port = port, ListenAddress = listenAddress };
        builder.Services.AddSingleton(sp => new SipDomains(() => sp.GetRequiredService<BoxIdentity>().Name, [], sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton(sp => new SipLocationService(sp.GetRequiredService<HomeStore>(), sp.GetRequiredService<TimeProvider>(), new SipLocationOptions(), sp.GetRequiredService<ILogger<SipLocationService>>()));
        builder.Services.AddSingleton<IPhoneRegistrations>(sp => sp.GetRequiredService<SipLocationService>());
        builder.Services.AddSingleton(sp => new SipEngine(
            options, sp.GetRequiredService<SipDomains>(), sp.GetRequiredService<ExtensionService>(), sp.GetRequiredService<SipLocationService>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<SipEngine>>()));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SipEngine>());
        builder.Services.AddSingleton<IEngineStatusSource>(sp => sp.GetRequiredService<SipEngine>());
        return builder;
    }
}
