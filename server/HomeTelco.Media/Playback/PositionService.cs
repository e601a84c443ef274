using HomeTelco.Core;
using HomeTelco.Core.Store;
using LiteDB;

namespace HomeTelco.Media.Playback;

/// <summary>
/// Playback positions per user and item, so a film paused on the laptop resumes on the phone. The index
/// on the user is created here, idempotently, because this area adds no schema migration.
/// </summary>
public sealed class PositionService
{
    private readonly ILiteCollection<PlaybackPosition> _positions;
    private readonly TimeProvider _time;

    public PositionService(HomeStore store, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        _positions = store.Collection<PlaybackPosition>(Collections.MediaPositions);
        _positions.EnsureIndex(p => p.User);
        _time = time;
    }

    public PlaybackPosition? Find(string user, string itemId) => _positions.FindById(Key(user, itemId));

    public PlaybackPosition Save(string user, string itemId, double positionSeconds, double durationSeconds)
    {
        if (!double.IsFinite(positionSeconds) || positionSeconds < 0 || !double.IsFinite(durationSeconds) || durationSeconds < 0
            || (durationSeconds > 0 && positionSeconds > durationSeconds + 1))
        {
            throw new BoxRequestException("A position is a number of seconds from 0 to the item's duration.");
        }

        var position = new PlaybackPosition
        {
            Id = Key(user, itemId),
            User = user,
            ItemId = itemId,
            PositionSeconds = positionSeconds,
            DurationSeconds = durationSeconds,
            UpdatedAt = _time.GetUtcNow(),
        };
        _positions.Upsert(position);
        return position;
    }

    /// <summary>The user's most recently updated positions (for "continue watching").</summary>
    public IReadOnlyList<PlaybackPosition> Recent(string user, int limit) =>
        _positions.Query().Where(p => p.User == user).OrderByDescending(p => p.UpdatedAt).Limit(Math.Clamp(limit, 1, 100)).ToList();

    private static string Key(string user, string itemId) => user + "/" + itemId;
}
