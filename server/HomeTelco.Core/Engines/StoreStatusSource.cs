using HomeTelco.Core.Security;
using HomeTelco.Core.Store;
using HomeTelco.Core.Users;

namespace HomeTelco.Core.Engines;

/// <summary>The store's tile: where it is, its size and schema, how many users and tokens.</summary>
internal sealed class StoreStatusSource(HomeStore store, UserService users, ApiTokenService tokens, FirstRunSetup setup) : IEngineStatusSource
{
    public EngineStatus GetStatus()
    {
        var size = File.Exists(store.Path) ? new FileInfo(store.Path).Length : 0;
        var message = setup.IsOpen ? $"First-run setup is open: the code is in {setup.CodeFile}." : "Store open and healthy.";
        return new EngineStatus(
            "store",
            "Box",
            EngineState.Ready,
            message,
            [
                new("Users", users.Count().ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new("API tokens", tokens.List().Count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new("Store size", $"{size / 1024.0:0.#} KiB"),
                new("Schema", store.SchemaVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ]);
    }

    public IEnumerable<EngineMetric> GetMetrics()
    {
        yield return new("hometelco_users", users.Count(), "Accounts on the box.");
        yield return new("hometelco_api_tokens", tokens.List().Count, "API tokens issued and not revoked.");
        yield return new("hometelco_store_bytes", File.Exists(store.Path) ? new FileInfo(store.Path).Length : 0, "Size of the store file.");
        yield return new("hometelco_setup_open", setup.IsOpen ? 1 : 0, "1 while first-run setup waits for its code.");
    }
}
