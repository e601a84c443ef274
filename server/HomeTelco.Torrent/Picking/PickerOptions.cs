namespace HomeTelco.Torrent.Picking;

/// <summary>Tuning of a <see cref="PiecePicker"/>; the defaults follow libtorrent's long-standing practice.</summary>
internal sealed record PickerOptions
{
    /// <summary>The defaults.</summary>
    public static PickerOptions Default { get; } = new();

    /// <summary>
    /// Until we hold this many pieces we pick at random rather than rarest first: the rarest pieces are slow to come
    /// (few peers have them), and we need a complete piece quickly to have something to trade.
    /// </summary>
    public int RandomFirstPieces { get; init; } = 4;

    /// <summary>A request unanswered this long goes back to the pool so another peer can serve it.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>In endgame, how many peers at most are asked for the same block at once.</summary>
    public int EndgameRequestsPerBlock { get; init; } = 2;

    /// <summary>Pieces from the streaming position that are fetched before anything else (the read-ahead window).</summary>
    public int ReadAheadPieces { get; init; } = 8;

    /// <summary>How much data a peer should have in flight: its rate times this gives the request queue depth.</summary>
    public TimeSpan TargetQueueLatency { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Pieces a peer suggested (BEP 6) that we remember; older suggestions fall off.</summary>
    public int MaxSuggestions { get; init; } = 8;

    /// <summary>BEP 6 allowed-fast pieces we accept from one peer (it may send more; the rest are ignored).</summary>
    public int MaxAllowedFast { get; init; } = 32;
}
