using HomeTelco.Core.Store;
using LiteDB;

namespace HomeTelco.Core.Settings;

/// <summary>Small named settings of the box (its name, the chosen profile, whether setup is done), one document each.</summary>
public sealed class SettingsStore(HomeStore store)
{
    private readonly ILiteCollection<BsonDocument> _settings = store.Collection<BsonDocument>(Collections.Settings);

    public string? Get(string key)
    {
        var doc = _settings.FindById(key);
        return doc is null || !doc.TryGetValue("value", out var value) || value.IsNull ? null : value.AsString;
    }

    public void Set(string key, string? value)
    {
        if (value is null)
        {
            _settings.Delete(key);
            return;
        }

        _settings.Upsert(new BsonDocument { ["_id"] = key, ["value"] = value });
    }

    public IReadOnlyDictionary<string, string> All() =>
        _settings.FindAll().ToDictionary(d => d["_id"].AsString, d => d["value"].AsString, StringComparer.Ordinal);
}
