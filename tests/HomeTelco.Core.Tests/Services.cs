using HomeTelco.Core.Extensions;
using HomeTelco.Core.Security;
using HomeTelco.Core.Settings;
using HomeTelco.Core.Store;
using HomeTelco.Core.Users;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace HomeTelco.Core.Tests;

/// <summary>Core's services over a real LiteDB file in a temp folder, with a fake clock.</summary>
public sealed class Services : IDisposable
{
    private readonly TempFolder _folder = new();

    public Services()
    {
        Paths = new BoxPaths(_folder.Path);
        Store = HomeStore.Open(Paths.DataDir);
        Settings = new SettingsStore(Store);
        Users = new UserService(Store, Time);
        Tokens = new ApiTokenService(Store, Users, Time);
        TwoFactor = new TwoFactorService(Users, Time);
        SignIn = new SignInService(Users, TwoFactor, Time, NullLogger<SignInService>.Instance);
        Setup = new FirstRunSetup(Paths, Users, Settings, Time, NullLogger<FirstRunSetup>.Instance);
        Extensions = new ExtensionService(Store, Settings, Time);
        Backups = new BackupService(Store, Time, [Extensions]);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));

    public BoxPaths Paths { get; }

    public HomeStore Store { get; private set; }

    public SettingsStore Settings { get; }

    public UserService Users { get; }

    public ApiTokenService Tokens { get; }

    public TwoFactorService TwoFactor { get; }

    public SignInService SignIn { get; }

    public FirstRunSetup Setup { get; }

    public ExtensionService Extensions { get; }

    public BackupService Backups { get; }

    public string Folder => _folder.Path;

    public void Dispose()
    {
        Store.Dispose();
        _folder.Dispose();
    }
}
