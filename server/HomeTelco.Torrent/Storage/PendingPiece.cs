namespace HomeTelco.Torrent.Storage;

/// <summary>A piece being assembled in the write cache. Guarded by the owning cache's lock.</summary>
internal sealed class PendingPiece<TPeer>
    where TPeer : notnull
{
    public PendingPiece(int blockCount)
    {
        Buffers = new byte[]?[blockCount];
        States = new BlockState[blockCount];
        Contributors = new TPeer[blockCount];
    }

    /// <summary>In-memory blocks (null where a block is missing or was spilled to disk).</summary>
    public byte[]?[] Buffers { get; }

    public BlockState[] States { get; }

    /// <summary>Who sent each block.</summary>
    public TPeer[] Contributors { get; }

    /// <summary>Blocks held (in memory or on disk).</summary>
    public int Received { get; set; }

    /// <summary>Whether any block went to disk because the budget was spent.</summary>
    public bool Spilled { get; set; }

    /// <summary>Complete and handed to a hashing worker: takes no more blocks and cannot be abandoned.</summary>
    public bool Hashing { get; set; }

    /// <summary>Dropped by the engine: late spill writes must not revive it.</summary>
    public bool Abandoned { get; set; }

    public bool IsComplete => Received == States.Length;

    internal enum BlockState : byte
    {
        Missing,
        InMemory,
        Spilling,
        OnDisk,
    }
}
