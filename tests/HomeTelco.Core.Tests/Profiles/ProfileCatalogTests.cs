using HomeTelco.Core.Profiles;

namespace HomeTelco.Core.Tests.Profiles;

public sealed class ProfileCatalogTests
{
    private const string ValidRouter = """
        {
          // Comments and trailing commas are allowed in hand-edited files.
          "name": "wrt-arm64-512m",
          "description": "A router.",
          "memoryBudgetMb": 96,
          "maxConcurrentTranscodes": 0,
          "hardwareAcceleration": "none",
          "maxActiveTorrents": 2,
          "maxTorrentPeers": 40,
          "torrentDiskCacheMb": 4,
          "mediaCacheMb": 8,
          "maxSipRegistrations": 32,
          "maxSipCalls": 4,
          "scanParallelism": 1,
        }
        """;

    [Fact]
    public void Load_ShippedProfiles_AreValidAndOrderedByBudget()
    {
        var profiles = ProfileCatalog.Load(TestPaths.ProfilesDir());

        Assert.Equal(
            ["wrt-arm64-512m", "sbc-arm64-2g", "nas-x64-4g", "minipc-x64-8g"],
            profiles.Select(p => p.Name).ToArray());
        var router = profiles[0];
        Assert.Equal(96, router.MemoryBudgetMb);
        Assert.Equal(0, router.MaxConcurrentTranscodes);
        Assert.Equal("none", router.HardwareAcceleration);
        Assert.Equal(["none", "v4l2m2m", "vaapi", "qsv"], profiles.Select(p => p.HardwareAcceleration).ToArray());
    }

    [Fact]
    public void Load_CommentsAndTrailingCommas_AreAccepted()
    {
        using var dir = new TempFolder();
        File.WriteAllText(dir.File("wrt-arm64-512m.json"), ValidRouter);

        var profile = Assert.Single(ProfileCatalog.Load(dir.Path));

        Assert.Equal("wrt-arm64-512m", profile.Name);
    }

    [Theory]
    [InlineData("\"memoryBudgetMb\": 96", "\"memoryBudgetMb\": 16", "memoryBudgetMb", "32 to 65536")]
    [InlineData("\"memoryBudgetMb\": 96", "\"memoryBudgetMb\": 100000", "memoryBudgetMb", "32 to 65536")]
    [InlineData("\"hardwareAcceleration\": \"none\"", "\"hardwareAcceleration\": \"cuda\"", "hardwareAcceleration", "none, vaapi, qsv, v4l2m2m")]
    [InlineData("\"name\": \"wrt-arm64-512m\"", "\"name\": \"router\"", "name", "must equal the file name")]
    [InlineData("\"maxSipCalls\": 4", "\"maxSipCalls\": 0", "maxSipCalls", "1 or more")]
    [InlineData("\"maxConcurrentTranscodes\": 0", "\"maxConcurrentTranscodes\": -1", "maxConcurrentTranscodes", "0 (remux only) or more")]
    [InlineData("\"maxTorrentPeers\": 40", "\"maxTorrentPeers\": \"forty\"", "maxTorrentPeers", "a whole number")]
    [InlineData("\"scanParallelism\": 1,", "\"scanParallelism\": 1, \"memoryBudgetMB \": 5,", "memoryBudgetMB ", "allowed keys")]
    [InlineData("\"mediaCacheMb\": 8,", "", "mediaCacheMb", "is missing")]
    [InlineData("\"description\": \"A router.\"", "\"description\": \" \"", "description", "one sentence")]
    public void Load_BadValue_ThrowsNamingFileKeyAndAllowed(string from, string to, string key, string allowed)
    {
        using var dir = new TempFolder();
        var file = dir.File("wrt-arm64-512m.json");
        Assert.Contains(from, ValidRouter, StringComparison.Ordinal);
        File.WriteAllText(file, ValidRouter.Replace(from, to, StringComparison.Ordinal));

        var ex = Assert.Throws<ProfileException>(() => ProfileCatalog.Load(dir.Path));

        Assert.Contains(file, ex.Message, StringComparison.Ordinal);
        Assert.Contains($"'{key}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains(allowed, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BrokenJson_ThrowsNamingFileAndLine()
    {
        using var dir = new TempFolder();
        var file = dir.File("wrt-arm64-512m.json");
        File.WriteAllText(file, "{\n  \"name\": \"wrt-arm64-512m\",\n  \"memoryBudgetMb\": 96 96\n}");

        var ex = Assert.Throws<ProfileException>(() => ProfileCatalog.Load(dir.Path));

        Assert.Contains(file, ex.Message, StringComparison.Ordinal);
        Assert.Contains("line 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ArrayInsteadOfObject_Throws()
    {
        using var dir = new TempFolder();
        File.WriteAllText(dir.File("x.json"), "[]");

        var ex = Assert.Throws<ProfileException>(() => ProfileCatalog.Load(dir.Path));

        Assert.Contains("one JSON object", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFolder_ThrowsNamingIt()
    {
        using var dir = new TempFolder();
        var missing = dir.File("nope");

        var ex = Assert.Throws<ProfileException>(() => ProfileCatalog.Load(missing));

        Assert.Contains(missing, ex.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EmptyFolder_ThrowsNamingIt()
    {
        using var dir = new TempFolder();

        var ex = Assert.Throws<ProfileException>(() => ProfileCatalog.Load(dir.Path));

        Assert.Contains(dir.Path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("no *.json", ex.Message, StringComparison.Ordinal);
    }
}
