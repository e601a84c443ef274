using System.Collections.Frozen;

namespace HomeTelco.Core.Extensions;

/// <summary>
/// An immutable view of every extension, swapped whole after a write: lookups by number for the SIP engine (with
/// the credentials record made once, not per REGISTER) and the dialling order for lists. It owns its
/// <see cref="Extension"/> objects and hands out copies only.
/// </summary>
internal sealed class ExtensionSnapshot
{
    private readonly FrozenDictionary<string, Entry> _byNumber;
    private readonly Extension[] _ordered;

    public ExtensionSnapshot(IEnumerable<Extension> extensions)
    {
        _byNumber = extensions.ToFrozenDictionary(e => e.Number, e => new Entry(e), StringComparer.Ordinal);
        _ordered = [.. _byNumber.Values.Select(e => e.Extension).OrderBy(e => e.Number.Length).ThenBy(e => e.Number, StringComparer.Ordinal)];
    }

    public int Count => _byNumber.Count;

    public IReadOnlyList<Extension> List() => Array.ConvertAll(_ordered, e => e.Copy());

    public Extension? Find(string number) => _byNumber.TryGetValue(number, out var entry) ? entry.Extension.Copy() : null;

    public ExtensionCredentials? FindCredentials(string number) => _byNumber.TryGetValue(number, out var entry) ? entry.Credentials : null;

    /// <summary>This snapshot with <paramref name="extension"/> added or replacing the one with its number.</summary>
    public ExtensionSnapshot With(Extension extension) =>
        new(_byNumber.Values.Select(e => e.Extension).Where(e => e.Number != extension.Number).Append(extension));

    public ExtensionSnapshot Without(string number) =>
        new(_byNumber.Values.Select(e => e.Extension).Where(e => e.Number != number));

    /// <summary>Numbers that exist in only one of the two snapshots, or whose name, realm or HA1s differ.</summary>
    public IReadOnlyList<string> Differences(ExtensionSnapshot other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var changed = new List<string>();
        foreach (var (number, entry) in _byNumber)
        {
            if (!other._byNumber.TryGetValue(number, out var theirs) || !entry.SameAs(theirs))
            {
                changed.Add(number);
            }
        }

        changed.AddRange(other._byNumber.Keys.Where(n => !_byNumber.ContainsKey(n)));
        return changed;
    }

    private sealed class Entry(Extension extension)
    {
        public Extension Extension { get; } = extension;

        public ExtensionCredentials Credentials { get; } = new(extension.Number, extension.Realm, extension.Ha1Md5, extension.Ha1Sha256);

        public bool SameAs(Entry other) =>
            Credentials == other.Credentials && string.Equals(Extension.DisplayName, other.Extension.DisplayName, StringComparison.Ordinal);
    }
}
