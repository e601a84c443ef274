using HomeTelco.IntegrationTests.Infrastructure;

namespace HomeTelco.IntegrationTests.Cli;

public sealed class CommandLineTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "hometelco-cli-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task SetupUserTokenBackupRestore_HeadlessBox_AllWorkAndRoundTrip()
    {
        var setup = await HostCli.RunAsync("correct horse battery\n", "setup", "--data", _data, "--admin", "anna", "--password-file", "-");
        Assert.True(setup.ExitCode == 0, setup.Err);

        var again = await HostCli.RunAsync("correct horse battery\n", "setup", "--data", _data, "--admin", "eve", "--password-file", "-");
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("already done", again.Err, StringComparison.Ordinal);

        var pwFile = Path.Combine(_data, "kid.pw");
        await File.WriteAllTextAsync(pwFile, "another long secret\n");
        Assert.Equal(0, (await HostCli.RunAsync(null, "user", "add", "kid", "--data", _data, "--password-file", pwFile)).ExitCode);

        var token = await HostCli.RunAsync(null, "token", "create", "--data", _data, "--user", "anna", "--name", "script");
        Assert.Equal(0, token.ExitCode);
        Assert.Matches("^ht_[A-Za-z0-9]+_[A-Za-z0-9_-]{43}$", token.Out.Trim());

        var backupFile = Path.Combine(_data, "box.htbackup");
        Assert.Equal(0, (await HostCli.RunAsync(null, "backup", backupFile, "--data", _data)).ExitCode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(backupFile));

        Assert.Equal(0, (await HostCli.RunAsync(null, "user", "remove", "kid", "--data", _data)).ExitCode);
        Assert.DoesNotContain("kid", (await HostCli.RunAsync(null, "user", "list", "--data", _data)).Out, StringComparison.Ordinal);

        var restore = await HostCli.RunAsync(null, "restore", backupFile, "--data", _data);
        Assert.True(restore.ExitCode == 0, restore.Err);
        var users = (await HostCli.RunAsync(null, "user", "list", "--data", _data)).Out;
        Assert.Contains("anna\tadmin", users, StringComparison.Ordinal);
        Assert.Contains("kid\tmember", users, StringComparison.Ordinal);
        Assert.Contains("script", (await HostCli.RunAsync(null, "token", "list", "--data", _data)).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UserAdd_WeakPassword_RefusedOnStderrWithExitCode1()
    {
        await HostCli.RunAsync("correct horse battery\n", "setup", "--data", _data, "--admin", "anna", "--password-file", "-");

        var result = await HostCli.RunAsync("short\n", "user", "add", "kid", "--data", _data, "--password-file", "-");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("at least 10 characters", result.Err, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
    }

    [Theory]
    [InlineData("--http-port", "70000", "Ports:Http", "command line --http-port")]
    [InlineData("--https-port", "abc", "Ports:Https", "command line --https-port")]
    [InlineData("--listen", "not-an-ip", "Listen:Address", "command line --listen")]
    [InlineData("--name", "-bad-", "BoxName", "command line --name")]
    public async Task Run_BadOption_RefusesToStartNamingKeySourceAndAllowed(string option, string value, string key, string source)
    {
        var result = await HostCli.RunAsync(null, "run", "--data", _data, option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(key, result.Err, StringComparison.Ordinal);
        Assert.Contains(source, result.Err, StringComparison.Ordinal);
        Assert.Contains("expected", result.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_data, "hometelco.db")));
    }

    [Fact]
    public async Task Run_StoreIsForeignFile_RefusesWithReasonAndLeavesFile()
    {
        Directory.CreateDirectory(_data);
        var store = Path.Combine(_data, "hometelco.db");
        await File.WriteAllTextAsync(store, "my tax return\n");

        var free = BoxProcess.FreePort();

        var result = await HostCli.RunAsync(null, "run", "--data", _data, "--listen", "127.0.0.1", "--http-port", free.ToString(System.Globalization.CultureInfo.InvariantCulture), "--https-port", "0", "--sip-port", "0");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("is not a HomeTelco store", result.Err + result.Out, StringComparison.Ordinal);
        Assert.Equal("my tax return\n", await File.ReadAllTextAsync(store));
    }

    [Fact]
    public async Task UnknownCommand_Exit2WithHint()
    {
        var result = await HostCli.RunAsync(null, "frobnicate");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("hometelco help", result.Err, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }
}
