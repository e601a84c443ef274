using System.Runtime.InteropServices;
using HomeTelco.Core.Profiles;
using HomeTelco.Core.Settings;
using HomeTelco.Core.Store;

namespace HomeTelco.Core.Tests.Profiles;

public sealed class ProfileServiceTests : IDisposable
{
    private static readonly IReadOnlyList<HardwareProfile> Catalog = ProfileCatalog.Load(TestPaths.ProfilesDir());
    private static readonly MachineFacts Nas = new(Architecture.X64, 4L * 1024 * 1024 * 1024, 4, "Intel(R) Celeron(R) J4125");

    private readonly TempFolder _dir = new();
    private readonly HomeStore _store;
    private readonly SettingsStore _settings;

    public ProfileServiceTests()
    {
        _store = HomeStore.Open(_dir.Path);
        _settings = new SettingsStore(_store);
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Active_NoOverrides_IsDetected()
    {
        var service = new ProfileService(Catalog, Nas, _settings, configuredOverride: null);

        Assert.Equal("nas-x64-4g", service.Active.Profile.Name);
        Assert.False(service.Active.Overridden);
        Assert.Equal(service.Detected, service.Active);
        Assert.Equal(4, service.All.Count);
    }

    [Fact]
    public void Active_StoredOverride_WinsOverDetection()
    {
        _settings.Set(SettingKeys.ProfileOverride, "minipc-x64-8g");

        var service = new ProfileService(Catalog, Nas, _settings, configuredOverride: null);

        Assert.Equal("minipc-x64-8g", service.Active.Profile.Name);
        Assert.True(service.Active.Overridden);
        Assert.Equal("nas-x64-4g", service.Active.DetectedName);
        Assert.Contains("portal", service.Active.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Active_ConfiguredOverride_WinsOverStoredAndDetected()
    {
        _settings.Set(SettingKeys.ProfileOverride, "minipc-x64-8g");

        var service = new ProfileService(Catalog, Nas, _settings, configuredOverride: "sbc-arm64-2g");

        Assert.Equal("sbc-arm64-2g", service.Active.Profile.Name);
        Assert.True(service.Active.Overridden);
        Assert.Contains("configuration", service.Active.Reason, StringComparison.Ordinal);
        Assert.Contains("minipc-x64-8g", service.Active.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Ctor_UnknownConfiguredName_ThrowsNamingKnownProfiles()
    {
        var ex = Assert.Throws<ProfileException>(() => new ProfileService(Catalog, Nas, _settings, "nas-x64-64g"));

        Assert.Contains("nas-x64-64g", ex.Message, StringComparison.Ordinal);
        Assert.Contains("wrt-arm64-512m, sbc-arm64-2g, nas-x64-4g, minipc-x64-8g", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SetOverride_KnownName_IsStoredAndActive()
    {
        var service = new ProfileService(Catalog, Nas, _settings, configuredOverride: null);
        Assert.Equal("nas-x64-4g", service.Active.Profile.Name);

        service.SetOverride("WRT-arm64-512m");

        Assert.Equal("wrt-arm64-512m", service.Active.Profile.Name);
        Assert.Equal("wrt-arm64-512m", _settings.Get(SettingKeys.ProfileOverride));
    }

    [Fact]
    public void SetOverride_Null_ClearsBackToDetected()
    {
        var service = new ProfileService(Catalog, Nas, _settings, configuredOverride: null);
        service.SetOverride("minipc-x64-8g");

        service.SetOverride(null);

        Assert.Null(_settings.Get(SettingKeys.ProfileOverride));
        Assert.Equal("nas-x64-4g", service.Active.Profile.Name);
        Assert.False(service.Active.Overridden);
    }

    [Fact]
    public void SetOverride_UnknownName_ThrowsBoxRequestAndKeepsStore()
    {
        var service = new ProfileService(Catalog, Nas, _settings, configuredOverride: null);

        var ex = Assert.Throws<BoxRequestException>(() => service.SetOverride("cray-1"));

        Assert.Contains("cray-1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("minipc-x64-8g", ex.Message, StringComparison.Ordinal);
        Assert.Null(_settings.Get(SettingKeys.ProfileOverride));
    }

    [Fact]
    public void Active_StoredNameNoLongerInstalled_FallsBackToDetectedAndSaysSo()
    {
        _settings.Set(SettingKeys.ProfileOverride, "retired-profile");

        var service = new ProfileService(Catalog, Nas, _settings, configuredOverride: null);

        Assert.Equal("nas-x64-4g", service.Active.Profile.Name);
        Assert.False(service.Active.Overridden);
        Assert.Contains("retired-profile", service.Active.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Active_OverrideSurvivesReopeningTheStore()
    {
        new ProfileService(Catalog, Nas, _settings, configuredOverride: null).SetOverride("sbc-arm64-2g");
        _store.Dispose();

        using var reopened = HomeStore.Open(_dir.Path);
        var service = new ProfileService(Catalog, Nas, new SettingsStore(reopened), configuredOverride: null);

        Assert.Equal("sbc-arm64-2g", service.Active.Profile.Name);
    }
}
