using System.Runtime.CompilerServices;

namespace HomeTelco.Torrent.Peers.Wire;

/// <summary>A peer id held by value (20 bytes inline), so handshakes and peer tables do not allocate arrays.</summary>
[InlineArray(PeerId.Length)]
internal struct PeerIdBytes : IEquatable<PeerIdBytes>
{
    private byte _first;

    /// <summary>Copies the first 20 bytes of <paramref name="bytes"/>.</summary>
    public static PeerIdBytes FromSpan(ReadOnlySpan<byte> bytes)
    {
        var id = default(PeerIdBytes);
        bytes[..PeerId.Length].CopyTo(id);
        return id;
    }

    /// <summary>Writes the 20 bytes into <paramref name="destination"/>.</summary>
    public readonly void CopyTo(Span<byte> destination) => ((ReadOnlySpan<byte>)this).CopyTo(destination);

    /// <summary>The client prefix as text when it is Azureus style ("-AR1234-"), else the first 8 bytes in hex.</summary>
    public readonly string Client
    {
        get
        {
            ReadOnlySpan<byte> span = this;
            if (span[0] == '-' && span[7] == '-')
            {
                return System.Text.Encoding.ASCII.GetString(span[..8]);
            }

            return Convert.ToHexStringLower(span[..8]);
        }
    }

    /// <inheritdoc/>
    public readonly bool Equals(PeerIdBytes other) => ((ReadOnlySpan<byte>)this).SequenceEqual(other);

    /// <inheritdoc/>
    public override readonly bool Equals(object? obj) => obj is PeerIdBytes other && Equals(other);

    /// <inheritdoc/>
    public override readonly int GetHashCode()
    {
        var hash = default(HashCode);
        hash.AddBytes(this);
        return hash.ToHashCode();
    }
}
