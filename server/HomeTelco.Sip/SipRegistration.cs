using System.Net;
using HomeTelco.Core.Calls;
using HomeTelco.Core.Engines;
using HomeTelco.Core.Extensions;
using HomeTelco.Core.Phones;
using HomeTelco.Core.Profiles;
using HomeTelco.Core.Settings;
using HomeTelco.Core.SipSecurity;
using HomeTelco.Core.Store;
using HomeTelco.Sip.Auth;
using HomeTelco.Sip.Defence;
using HomeTelco.Sip.Engine;
using HomeTelco.Sip.Location;
using HomeTelco.Sip.Transactions;
using HomeTelco.Sip.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HomeTelco.Sip;

/// <summary>How the host adds the SIP engine: one call with the validated settings.</summary>
public static class SipRegistration
{
    /// <param name="builder">The host being composed.</param>
    /// <param name="port">UDP and TCP port; 0 turns SIP off.</param>
    /// <param name="listenAddress">Address to bind, or null for all.</param>
    public static IHostApplicationBuilder AddSip(this IHostApplicationBuilder builder, int port, IPAddress? listenAddress) =>
        builder.AddSip(new SipSettings { Port = port, ListenAddress = listenAddress });

    /// <param name="builder">The host being composed.</param>
    /// <param name="settings">Ports, address, keep-alive interval and certificate.</param>
    public static IHostApplicationBuilder AddSip(this IHostApplicationBuilder builder, SipSettings settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        var options = new SipTransportOptions
        {
            Port = settings.Port,
            TlsPort = settings.TlsPort,
            ListenAddress = settings.ListenAddress,
            KeepAliveInterval = settings.KeepAliveInterval,
        };
        builder.Services.AddSingleton(sp => new SipDomains(() => sp.GetRequiredService<BoxIdentity>().Name, [], sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton(sp => new SipGuard(
            sp.GetService<SipGuardOptions>() ?? SipGuardOptions.Default, sp.GetRequiredService<SipBanService>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<SipGuard>>()));
        builder.Services.AddSingleton(sp => new SipLocationService(sp.GetRequiredService<HomeStore>(), sp.GetRequiredService<TimeProvider>(), new SipLocationOptions(), sp.GetRequiredService<ILogger<SipLocationService>>()));
        builder.Services.AddSingleton<IPhoneRegistrations>(sp => sp.GetRequiredService<SipLocationService>());
        builder.Services.AddSingleton<SipWebSocketEndpoint>();
        builder.Services.AddSingleton<ISipWebSocketEndpoint>(sp => sp.GetRequiredService<SipWebSocketEndpoint>());
        builder.Services.AddSingleton(sp => new SipEngine(
            options,
            settings.Certificate,
            OfferedDigest(settings.DigestAlgorithms),
            sp.GetRequiredService<SipWebSocketEndpoint>(),
            sp.GetRequiredService<SipDomains>(),
            sp.GetRequiredService<ExtensionService>(),
            sp.GetRequiredService<SipLocationService>(),
            sp.GetRequiredService<SipGuard>(),
            sp.GetRequiredService<CallRecordService>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<SipEngine>>(),
            () => sp.GetService<ProfileService>() is { } profiles ? SipTransactionOptions.ForProfile(profiles.Active.Profile) : new SipTransactionOptions()));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SipEngine>());
        builder.Services.AddSingleton<IEngineStatusSource>(sp => sp.GetRequiredService<SipEngine>());
        return builder;
    }

    private static DigestAlgorithm[] OfferedDigest(IReadOnlyList<string> names) =>
        [.. names.Select(n => string.Equals(n, "SHA-256", StringComparison.OrdinalIgnoreCase) ? DigestAlgorithm.Sha256
            : string.Equals(n, "MD5", StringComparison.OrdinalIgnoreCase) ? DigestAlgorithm.Md5
            : throw new ArgumentException($"Unknown digest algorithm '{n}': MD5 or SHA-256.", nameof(names)))];
}
