namespace HomeTelco.IntegrationTests.Infrastructure;

/// <summary>An admin and an API token made with the box's CLI before a <see cref="BoxProcess"/> starts, and a client that uses it.</summary>
internal static class BoxAdmin
{
    public const string Password = "correct horse battery staple";

    /// <summary>Makes the first admin and an API token on the data folder (the CLI needs the store to itself, so before the box starts).</summary>
    public static async Task<string> TokenAsync(string dataDir)
    {
        var setup = await HostCli.RunAsync(Password + "\n", "setup", "--admin", "admin", "--password-file", "-", "--data", dataDir);
        Assert.True(setup.ExitCode == 0, setup.Err);
        var token = await HostCli.RunAsync(null, "token", "create", "--user", "admin", "--name", "tests", "--data", dataDir);
        Assert.True(token.ExitCode == 0, token.Err);
        return token.Out.Trim();
    }

    /// <summary>An HTTP client for the box's API with the token as bearer.</summary>
    public static HttpClient Api(BoxProcess box, string token)
    {
        var client = new HttpClient { BaseAddress = box.BaseUrl, Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }
}
