using System.Globalization;
using HomeTelco.Core.Store;
using LiteDB;

namespace HomeTelco.Core.Schedules;

/// <summary>
/// Keeps the speed-limit rules in the store: lists, saves (with validation a person can act on) and removes them,
/// and says so through <see cref="Changed"/> so the live schedule re-reads them. At most <see cref="MaxRules"/>.
/// </summary>
public sealed class BandwidthScheduleService : IStoreRestoreListener
{
    /// <summary>Rules a box keeps at most: plenty for a week's plan, and a bound on the work of each evaluation.</summary>
    public const int MaxRules = 64;

    /// <summary>Longest rule name.</summary>
    public const int MaxNameLength = 80;

    private readonly HomeStore _store;
    private readonly ILiteCollection<BandwidthRule> _rules;

    public BandwidthScheduleService(HomeStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _rules = store.Collection<BandwidthRule>(Collections.BandwidthRules);
    }

    /// <summary>Raised after a rule was saved or removed, or the store restored.</summary>
    public event Action? Changed;

    /// <summary>Every rule, by start time then name.</summary>
    public IReadOnlyList<BandwidthRule> List() =>
        _rules.FindAll().OrderBy(r => r.StartMinute).ThenBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.Id, StringComparer.Ordinal).ToList();

    public BandwidthRule? Find(string id) => string.IsNullOrEmpty(id) ? null : _rules.FindById(id);

    /// <summary>
    /// Adds <paramref name="rule"/> (empty <see cref="BandwidthRule.Id"/>: a new id is given) or replaces the rule with
    /// its id. Throws <see cref="BoxRequestException"/> for a bad rule, an unknown id, or one rule too many.
    /// </summary>
    public BandwidthRule Save(BandwidthRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        Validate(rule);
        var saved = _store.InTransaction(() =>
        {
            if (rule.Id.Length == 0)
            {
                if (_rules.Count() >= MaxRules)
                {
                    throw new BoxRequestException($"A schedule holds at most {MaxRules} rules; remove one first.") { IsConflict = true };
                }

                var created = rule with { Id = Guid.NewGuid().ToString("N") };
                _rules.Insert(created);
                return created;
            }

            if (!_rules.Update(rule))
            {
                throw new BoxRequestException($"There is no schedule rule '{rule.Id}'.") { IsNotFound = true };
            }

            return rule;
        });
        Changed?.Invoke();
        return saved;
    }

    /// <summary>Removes the rule; <see cref="BoxRequestException"/> (not found) when there is none with that id.</summary>
    public void Remove(string id)
    {
        if (string.IsNullOrEmpty(id) || !_rules.Delete(id))
        {
            throw new BoxRequestException($"There is no schedule rule '{id}'.") { IsNotFound = true };
        }

        Changed?.Invoke();
    }

    void IStoreRestoreListener.StoreRestored() => Changed?.Invoke();

    private static void Validate(BandwidthRule rule)
    {
        if (rule.Name.Length > MaxNameLength)
        {
            throw new BoxRequestException($"A rule name has at most {MaxNameLength} characters.");
        }

        if (rule.Days == WeekDays.None || (rule.Days & ~WeekDays.Every) != 0)
        {
            throw new BoxRequestException("A rule needs at least one day of the week.");
        }

        CheckMinute(rule.StartMinute, "start");
        CheckMinute(rule.EndMinute, "end");
        if (rule.DownloadBytesPerSecond < 0 || rule.UploadBytesPerSecond < 0)
        {
            throw new BoxRequestException("A limit cannot be negative (0 means not limited).");
        }

        if (rule.DownloadBytesPerSecond == 0 && rule.UploadBytesPerSecond == 0)
        {
            throw new BoxRequestException("A rule must limit download, upload or both.");
        }
    }

    private static void CheckMinute(int minute, string which)
    {
        if (minute is < 0 or >= 24 * 60)
        {
            throw new BoxRequestException(string.Create(CultureInfo.InvariantCulture, $"The {which} time must be between 00:00 and 23:59 (minute {minute} given)."));
        }
    }
}
