namespace HomeTelco.Media.Playback;

/// <summary>Where a user stopped in an item, stored in <c>media_positions</c> with id "user/item".</summary>
public sealed class PlaybackPosition
{
    public string Id { get; set; } = "";

    public string User { get; set; } = "";

    public string ItemId { get; set; } = "";

    public double PositionSeconds { get; set; }

    public double DurationSeconds { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
