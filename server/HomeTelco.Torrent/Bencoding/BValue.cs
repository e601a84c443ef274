namespace HomeTelco.Torrent.Bencoding;

/// <summary>
/// One decoded bencoded value (BEP 3). Every value keeps <see cref="Raw"/>, its exact bytes in the buffer it
/// was decoded from, so hashes (the info-hash is the hash of the info dictionary's bytes) never depend on
/// re-encoding. Values are immutable views over that buffer: keep the buffer alive and unchanged while they live.
/// </summary>
public abstract class BValue
{
    private protected BValue(ReadOnlyMemory<byte> raw)
    {
        Raw = raw;
    }

    /// <summary>The exact encoded bytes of this value in the source buffer.</summary>
    public ReadOnlyMemory<byte> Raw { get; }
}
