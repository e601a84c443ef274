using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HomeTelco.IntegrationTests.Infrastructure;

/// <summary>
/// The real host in memory (WebApplicationFactory) over its own temp data folder, with the real
/// LiteDB file, real auth and the real portal. The profile's memory budget is not applied so that
/// tests do not cap the test runner's heap.
/// </summary>
public sealed class BoxFactory : WebApplicationFactory<Program>
{
    public const string AdminName = "admin";
    public const string AdminPassword = "correct horse battery staple";

    public BoxFactory()
    {
        DataDir = Path.Combine(Path.GetTempPath(), "hometelco-it-" + Guid.NewGuid().ToString("N"));
    }

    public string DataDir { get; }

    /// <summary>The box's clock: starts at the real time, moves only when a test advances it.</summary>
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public string SetupCodeFile => Path.Combine(DataDir, "setup-code");

    /// <summary>Configuration a test sets on top of the factory's (e.g. a real HTTP port for a browser over Kestrel).</summary>
    public IReadOnlyDictionary<string, string> ExtraSettings { get; init; } = new Dictionary<string, string>();

    /// <summary>Extra service registrations for a test, e.g. a stand-in for an engine seam that is not built yet.</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("DataDir", DataDir);
        builder.UseSetting("Memory:ApplyBudget", "false");
        builder.UseSetting("Ports:Https", "0");
        builder.UseSetting("Ports:Sip", "0");
        builder.UseSetting("Ports:Torrent", "0");
        foreach (var (key, value) in ExtraSettings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            TestServices?.Invoke(services);
        });
    }

    /// <summary>Completes first-run setup through the API and returns a client authenticated with an admin API token.</summary>
    public async Task<HttpClient> AdminClientAsync()
    {
        var anonymous = CreateClient();
        if (File.Exists(SetupCodeFile))
        {
            var code = (await File.ReadAllTextAsync(SetupCodeFile)).Trim();
            var setup = await anonymous.PostAsJsonAsync("/api/setup", new { code, admin = AdminName, password = AdminPassword });
            setup.EnsureSuccessStatusCode();
        }

        var token = Services.GetRequiredService<HomeTelco.Core.Security.ApiTokenService>().Create(AdminName, "tests").Token;
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(DataDir))
        {
            Directory.Delete(DataDir, recursive: true);
        }
    }
}
