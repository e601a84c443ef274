using HomeTelco.Core.Calls;
using HomeTelco.Core.Engines;
using HomeTelco.Core.Extensions;
using HomeTelco.Core.Security;
using HomeTelco.Core.Settings;
using HomeTelco.Core.SipSecurity;
using HomeTelco.Core.Store;
using HomeTelco.Core.Users;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HomeTelco.Core;

/// <summary>Registers the store and the account services every other engine builds on.</summary>
public static class CoreRegistration
{
    public static IHostApplicationBuilder AddBoxCore(this IHostApplicationBuilder builder, string dataDir)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddSingleton(new BoxPaths(dataDir));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp =>
        {
            var store = HomeStore.Open(sp.GetRequiredService<BoxPaths>().DataDir);
            Log.StoreOpened(sp.GetRequiredService<ILogger<HomeStore>>(), store.Path, store.SchemaVersion);
            return store;
        });
        services.AddSingleton<SettingsStore>();
        services.AddSingleton<UserService>();
        services.AddSingleton<ExtensionService>();
        services.AddSingleton<SipBanService>();
        services.AddSingleton<IStoreRestoreListener>(sp => sp.GetRequiredService<ExtensionService>());
        services.AddSingleton<IStoreRestoreListener>(sp => sp.GetRequiredService<SipBanService>());
        services.AddSingleton(sp => new CallRecordService(sp.GetRequiredService<HomeStore>()));
        services.AddSingleton<IStoreRestoreListener>(sp => sp.GetRequiredService<CallRecordService>());
        services.AddSingleton<ApiTokenService>();
        services.AddSingleton<TwoFactorService>();
        services.AddSingleton<SignInService>();
        services.AddSingleton<FirstRunSetup>();
        services.AddSingleton<BackupService>();
        services.AddSingleton<IEngineStatusSource, StoreStatusSource>();
        return builder;
    }
}
