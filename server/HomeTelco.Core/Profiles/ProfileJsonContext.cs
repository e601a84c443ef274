using System.Text.Json;
using System.Text.Json.Serialization;

namespace HomeTelco.Core.Profiles;

/// <summary>
/// Source-generated JSON for profile files: no reflection at start-up, which matters on a router.
/// Hand-edited files may carry comments and trailing commas; an unknown key is an error so a typo
/// ("memoryBudgetMB ") does not silently fall back to nothing.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    WriteIndented = true)]
[JsonSerializable(typeof(HardwareProfile))]
internal sealed partial class ProfileJsonContext : JsonSerializerContext;
