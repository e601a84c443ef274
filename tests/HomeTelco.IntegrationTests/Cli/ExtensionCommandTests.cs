using System.Security.Cryptography;
using System.Text;
using HomeTelco.Core.Extensions;
using HomeTelco.Core.Settings;
using HomeTelco.Core.Store;
using HomeTelco.IntegrationTests.Infrastructure;

namespace HomeTelco.IntegrationTests.Cli;

public sealed class ExtensionCommandTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "hometelco-cli-ext-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task AddListPasswdRemove_RoundTrip_StoreHoldsWhatTheCommandsSaid()
    {
        Directory.CreateDirectory(_data);
        var pwFile = Path.Combine(_data, "kitchen.pw");
        await File.WriteAllTextAsync(pwFile, "kitchen-phone-secret\nsecond line is ignored\n");

        var add = await HostCli.RunAsync(null, "ext", "add", "101", "--name", "Kitchen", "--password-file", pwFile, "--data", _data);
        Assert.True(add.ExitCode == 0, add.Err);
        Assert.Equal("Extension 101 added.", add.Out.Trim());

        var generated = await HostCli.RunAsync(null, "ext", "add", "102", "--generate-password", "--data", _data);
        Assert.True(generated.ExitCode == 0, generated.Err);
        var password102 = generated.Out.Trim();
        Assert.Matches("^[A-Za-z0-9]{20}$", password102);
        Assert.Contains("shown only now", generated.Err, StringComparison.Ordinal);

        var list = await HostCli.RunAsync(null, "ext", "list", "--data", _data);
        Assert.Equal(0, list.ExitCode);
        var lines = list.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^101\tKitchen\t\d{4}-\d{2}-\d{2}$", lines[0]);
        Assert.Matches(@"^102\t\t\d{4}-\d{2}-\d{2}$", lines[1]);
        Assert.DoesNotContain(password102, list.Out, StringComparison.Ordinal);
        AssertPassword("101", "kitchen-phone-secret");
        AssertPassword("102", password102);

        var fromStdin = await HostCli.RunAsync("a-new-kitchen-secret\n", "ext", "passwd", "101", "--password-file", "-", "--data", _data);
        Assert.True(fromStdin.ExitCode == 0, fromStdin.Err);
        Assert.Contains("Password of extension 101 changed", fromStdin.Out, StringComparison.Ordinal);
        AssertPassword("101", "a-new-kitchen-secret");

        var regenerated = await HostCli.RunAsync(null, "ext", "passwd", "102", "--generate-password", "--data", _data);
        Assert.True(regenerated.ExitCode == 0, regenerated.Err);
        var newPassword102 = regenerated.Out.Trim();
        Assert.NotEqual(password102, newPassword102);
        AssertPassword("102", newPassword102);

        var remove = await HostCli.RunAsync(null, "ext", "remove", "101", "--data", _data);
        Assert.True(remove.ExitCode == 0, remove.Err);
        Assert.Equal("Extension 101 removed.", remove.Out.Trim());
        Assert.DoesNotContain("101", (await HostCli.RunAsync(null, "ext", "list", "--data", _data)).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BackupRestore_ExtensionsComeBackWithTheirPasswords()
    {
        var generated = (await HostCli.RunAsync(null, "ext", "add", "101", "--name", "Kitchen", "--generate-password", "--data", _data)).Out.Trim();
        var backupFile = Path.Combine(_data, "box.htbackup");
        Assert.Equal(0, (await HostCli.RunAsync(null, "backup", backupFile, "--data", _data)).ExitCode);
        Assert.Equal(0, (await HostCli.RunAsync(null, "ext", "remove", "101", "--data", _data)).ExitCode);
        Assert.Equal(0, (await HostCli.RunAsync(null, "ext", "add", "102", "--generate-password", "--data", _data)).ExitCode);

        var restore = await HostCli.RunAsync(null, "restore", backupFile, "--data", _data);

        Assert.True(restore.ExitCode == 0, restore.Err);
        var list = (await HostCli.RunAsync(null, "ext", "list", "--data", _data)).Out;
        Assert.StartsWith("101\tKitchen\t", list, StringComparison.Ordinal);
        Assert.DoesNotContain("102", list, StringComparison.Ordinal);
        AssertPassword("101", generated);
    }

    [Theory]
    [InlineData("1x", "kitchen-phone-secret", "2 to 10 digits")]
    [InlineData("101", "short", "at least 12 characters")]
    [InlineData("101", "phone-101-secret", "must not contain the extension number")]
    public async Task Add_RefusedInput_Exit1ReasonOnStderrNothingStored(string number, string password, string reason)
    {
        var result = await HostCli.RunAsync(password + "\n", "ext", "add", number, "--password-file", "-", "--data", _data);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(reason, result.Err, StringComparison.Ordinal);
        Assert.StartsWith("hometelco: ", result.Err, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
        Assert.Equal("", (await HostCli.RunAsync(null, "ext", "list", "--data", _data)).Out);
    }

    [Fact]
    public async Task DuplicateAndUnknown_Exit1WithReason()
    {
        Assert.Equal(0, (await HostCli.RunAsync(null, "ext", "add", "101", "--generate-password", "--data", _data)).ExitCode);

        var duplicate = await HostCli.RunAsync(null, "ext", "add", "101", "--generate-password", "--data", _data);
        var unknownPasswd = await HostCli.RunAsync(null, "ext", "passwd", "999", "--generate-password", "--data", _data);
        var unknownRemove = await HostCli.RunAsync(null, "ext", "remove", "999", "--data", _data);

        Assert.Equal(1, duplicate.ExitCode);
        Assert.Contains("101 already exists", duplicate.Err, StringComparison.Ordinal);
        Assert.Equal("", duplicate.Out);
        Assert.Equal(1, unknownPasswd.ExitCode);
        Assert.Contains("no extension 999", unknownPasswd.Err, StringComparison.Ordinal);
        Assert.Equal("", unknownPasswd.Out);
        Assert.Equal(1, unknownRemove.ExitCode);
        Assert.Contains("no extension 999", unknownRemove.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "ext" }, "add, list, passwd or remove")]
    [InlineData(new[] { "ext", "rename", "101" }, "unknown ext subcommand 'rename'")]
    [InlineData(new[] { "ext", "add" }, "usage: ext add <number>")]
    [InlineData(new[] { "ext", "add", "101" }, "either --password-file or --generate-password")]
    [InlineData(new[] { "ext", "add", "101", "--generate-password", "--password-file", "-" }, "either --password-file or --generate-password")]
    [InlineData(new[] { "ext", "passwd", "101" }, "either --password-file or --generate-password")]
    [InlineData(new[] { "ext", "remove" }, "usage: ext remove <number>")]
    [InlineData(new[] { "ext", "add", "101", "--password-file", "/nonexistent/pw" }, "cannot read the password file")]
    public async Task BadCall_Exit2WithUsage(string[] words, string message)
    {
        var result = await HostCli.RunAsync("", [.. words, "--data", _data]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Err, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task Add_EmptyPasswordFile_RefusedInsteadOfGenerating()
    {
        Directory.CreateDirectory(_data);
        var empty = Path.Combine(_data, "empty.pw");
        await File.WriteAllTextAsync(empty, "\n");

        var result = await HostCli.RunAsync(null, "ext", "add", "101", "--password-file", empty, "--data", _data);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("first line is empty", result.Err, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task AnyCommand_WhileTheBoxRuns_RefusedBecauseTheStoreIsInUse()
    {
        await using var box = await BoxProcess.StartAsync(_data, []);

        var add = await HostCli.RunAsync(null, "ext", "add", "101", "--generate-password", "--data", _data);
        var list = await HostCli.RunAsync(null, "ext", "list", "--data", _data);

        Assert.Equal(1, add.ExitCode);
        Assert.Contains("in use by another HomeTelco process", add.Err, StringComparison.Ordinal);
        Assert.Contains("portal or API", add.Err, StringComparison.Ordinal);
        Assert.Equal("", add.Out);
        Assert.Equal(1, list.ExitCode);
        Assert.Contains("in use by another HomeTelco process", list.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ListsExtCommands()
    {
        var help = await HostCli.RunAsync(null, "help");

        Assert.Equal(0, help.ExitCode);
        Assert.Contains("hometelco ext add <number>", help.Out, StringComparison.Ordinal);
        Assert.Contains("--generate-password", help.Out, StringComparison.Ordinal);
    }

    /// <summary>Opens the store the CLI left (its lock is released when it exits) and checks the digest HA1s.</summary>
    private void AssertPassword(string number, string password)
    {
        using var store = HomeStore.Open(_data);
        var credentials = new ExtensionService(store, new SettingsStore(store), TimeProvider.System).FindCredentials(number);
        Assert.NotNull(credentials);
        var input = Encoding.UTF8.GetBytes($"{number}:{credentials.Realm}:{password}");
#pragma warning disable CA5351 // Digest MD5 is what phones use; computed here apart from the code under test.
        Assert.Equal(Convert.ToHexStringLower(MD5.HashData(input)), credentials.Ha1Md5);
#pragma warning restore CA5351
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(input)), credentials.Ha1Sha256);
    }

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }
}
