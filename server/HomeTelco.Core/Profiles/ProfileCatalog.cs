using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace HomeTelco.Core.Profiles;

/// <summary>
/// Reads and checks the hardware profiles shipped in <c>hardware-profiles/</c>, one JSON file each.
/// </summary>
public static class ProfileCatalog
{
    /// <summary>Values allowed for <see cref="HardwareProfile.HardwareAcceleration"/>.</summary>
    public static readonly IReadOnlyList<string> Accelerations = ["none", "vaapi", "qsv", "v4l2m2m"];

    /// <summary>Smallest memory budget in MiB: below this ASP.NET Core itself does not fit.</summary>
    public const int MinMemoryBudgetMb = 32;

    /// <summary>Largest memory budget in MiB (64 GiB): anything bigger is a typo.</summary>
    public const int MaxMemoryBudgetMb = 65_536;

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>
    /// Loads every <c>*.json</c> in <paramref name="directory"/>, ordered by memory budget. Throws
    /// <see cref="ProfileException"/> naming the file, the key and what is allowed for the first bad
    /// file, and for a missing or empty folder: the box must not start with limits it made up.
    /// </summary>
    public static IReadOnlyList<HardwareProfile> Load(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var full = Path.GetFullPath(directory);
        if (!Directory.Exists(full))
        {
            throw new ProfileException($"The hardware-profiles folder {full} does not exist. It ships beside the hometelco program; reinstall, or point --profiles at a folder of profile files.");
        }

        var files = Directory.GetFiles(full, "*.json").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new ProfileException($"The hardware-profiles folder {full} holds no *.json profile. It ships beside the hometelco program; reinstall, or point --profiles at a folder of profile files.");
        }

        var profiles = new List<HardwareProfile>(files.Count);
        foreach (var file in files)
        {
            var profile = LoadFile(file);
            var clash = profiles.FirstOrDefault(p => string.Equals(p.Name, profile.Name, StringComparison.OrdinalIgnoreCase));
            if (clash is not null)
            {
                throw new ProfileException($"{file}: key 'name': '{profile.Name}' differs from '{clash.Name}' only in case; profile names must be unique ignoring case.");
            }

            profiles.Add(profile);
        }

        return profiles.OrderBy(p => p.MemoryBudgetMb).ThenBy(p => p.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>Reads and checks one profile file; throws <see cref="ProfileException"/> naming the file and key.</summary>
    internal static HardwareProfile LoadFile(string file)
    {
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ProfileException($"{file}: cannot be read ({ex.Message}).", ex);
        }

        var typeInfo = ProfileJsonContext.Default.HardwareProfile;
        using var document = Parse(file, text);
        CheckKeys(file, document.RootElement, typeInfo);

        HardwareProfile profile;
        try
        {
            profile = document.RootElement.Deserialize(typeInfo)
                ?? throw new ProfileException($"{file}: the file holds null; it must be one JSON object.");
        }
        catch (JsonException ex)
        {
            // Keys were checked above, so what is left is a value of the wrong type at ex.Path.
            var key = KeyOf(ex.Path);
            var property = typeInfo.Properties.FirstOrDefault(p => string.Equals(p.Name, key, StringComparison.OrdinalIgnoreCase));
            throw new ProfileException($"{file}: key '{key}' has a value of the wrong type; allowed: {Describe(property)}.", ex);
        }

        Validate(file, profile);
        return profile;
    }

    private static JsonDocument Parse(string file, string text)
    {
        try
        {
            return JsonDocument.Parse(text, DocumentOptions);
        }
        catch (JsonException ex)
        {
            var line = (ex.LineNumber ?? 0) + 1;
            throw new ProfileException($"{file}: not valid JSON near line {line.ToString(CultureInfo.InvariantCulture)} ({ex.Message}).", ex);
        }
    }

    private static void CheckKeys(string file, JsonElement root, JsonTypeInfo typeInfo)
    {
        var allowed = typeInfo.Properties.Select(p => p.Name).ToList();
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ProfileException($"{file}: the file must hold one JSON object with the keys {string.Join(", ", allowed)}.");
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var member in root.EnumerateObject())
        {
            if (!allowed.Contains(member.Name, StringComparer.OrdinalIgnoreCase))
            {
                throw new ProfileException($"{file}: key '{member.Name}' is not a profile setting; allowed keys: {string.Join(", ", allowed)}.");
            }

            if (!seen.Add(member.Name))
            {
                throw new ProfileException($"{file}: key '{member.Name}' appears twice; give it once.");
            }
        }

        foreach (var property in typeInfo.Properties.Where(p => p.IsRequired && !seen.Contains(p.Name)))
        {
            throw new ProfileException($"{file}: key '{property.Name}' is missing; allowed: {Describe(property)}.");
        }
    }

    private static void Validate(string file, HardwareProfile profile)
    {
        var expectedName = Path.GetFileNameWithoutExtension(file);
        if (!string.Equals(profile.Name, expectedName, StringComparison.Ordinal))
        {
            throw new ProfileException($"{file}: key 'name' is '{profile.Name}' but must equal the file name without .json, '{expectedName}'.");
        }

        if (string.IsNullOrWhiteSpace(profile.Description))
        {
            throw new ProfileException($"{file}: key 'description' is empty; allowed: one sentence saying what kind of box this is for.");
        }

        if (profile.MemoryBudgetMb is < MinMemoryBudgetMb or > MaxMemoryBudgetMb)
        {
            throw OutOfRange(file, "memoryBudgetMb", profile.MemoryBudgetMb, $"a whole number of MiB from {MinMemoryBudgetMb} to {MaxMemoryBudgetMb}");
        }

        if (!Accelerations.Contains(profile.HardwareAcceleration, StringComparer.Ordinal))
        {
            throw new ProfileException($"{file}: key 'hardwareAcceleration' is '{profile.HardwareAcceleration}'; allowed: {string.Join(", ", Accelerations)}.");
        }

        // Transcodes may be 0 (copy/remux only); every other limit must let at least one thing happen.
        if (profile.MaxConcurrentTranscodes < 0)
        {
            throw OutOfRange(file, "maxConcurrentTranscodes", profile.MaxConcurrentTranscodes, "0 (remux only) or more");
        }

        (string Key, int Value)[] positives =
        [
            ("maxActiveTorrents", profile.MaxActiveTorrents),
            ("maxTorrentPeers", profile.MaxTorrentPeers),
            ("torrentDiskCacheMb", profile.TorrentDiskCacheMb),
            ("mediaCacheMb", profile.MediaCacheMb),
            ("maxSipRegistrations", profile.MaxSipRegistrations),
            ("maxSipCalls", profile.MaxSipCalls),
            ("scanParallelism", profile.ScanParallelism),
        ];
        foreach (var (key, value) in positives.Where(p => p.Value < 1))
        {
            throw OutOfRange(file, key, value, "a whole number of 1 or more");
        }
    }

    private static ProfileException OutOfRange(string file, string key, int value, string allowed) =>
        new($"{file}: key '{key}' is {value.ToString(CultureInfo.InvariantCulture)}; allowed: {allowed}.");

    private static string Describe(JsonPropertyInfo? property) => property?.PropertyType == typeof(string)
        ? property.Name == "hardwareAcceleration" ? string.Join(", ", Accelerations) : "a string"
        : "a whole number";

    private static string KeyOf(string? path)
    {
        // "$.memoryBudgetMb" or "$['memory budget']" to the bare key.
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "(root)";
        }

        var key = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return key.Trim('[', ']', '\'');
    }
}
