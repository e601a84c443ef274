namespace HomeTelco.Torrent.Choking;

/// <summary>Tuning of a <see cref="Choker"/>; defaults from BEP 3 and the reference client.</summary>
internal sealed record ChokerOptions
{
    /// <summary>The defaults.</summary>
    public static ChokerOptions Default { get; } = new();

    /// <summary>Peers unchoked on merit (rate) at once, besides the optimistic one.</summary>
    public int RegularSlots { get; init; } = 4;

    /// <summary>How often the engine should call <see cref="Choker.Recalculate"/>.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one peer keeps the optimistic slot.</summary>
    public TimeSpan OptimisticInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A peer connected less than this long ago is "new" and weighs <see cref="NewPeerWeight"/> in the optimistic draw.</summary>
    public TimeSpan NewPeerAge { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>
    /// New peers are this many times likelier to win the optimistic slot: they have no pieces yet, and an optimistic
    /// unchoke is how they get their first (BEP 3, and the reference client's 3×).
    /// </summary>
    public int NewPeerWeight { get; init; } = 3;

    /// <summary>A peer we want data from that sent no piece for this long is snubbing us and loses its regular slot.</summary>
    public TimeSpan SnubTime { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How a seeding torrent (nothing left to download) ranks peers.</summary>
    public SeedingChoke Seeding { get; init; } = SeedingChoke.FastestUpload;

    /// <summary>Round-robin seeding: how long a peer keeps its slot before those waiting longest take over.</summary>
    public TimeSpan RoundRobinTurn { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>How slots are given while seeding, when nobody can upload to us.</summary>
internal enum SeedingChoke
{
    /// <summary>To the peers that take data from us fastest: the swarm gets the most per second.</summary>
    FastestUpload,

    /// <summary>In turns, each peer for <see cref="ChokerOptions.RoundRobinTurn"/>: every peer gets some.</summary>
    RoundRobin,
}
