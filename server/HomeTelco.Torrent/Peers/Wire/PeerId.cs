using System.Security.Cryptography;

namespace HomeTelco.Torrent.Peers.Wire;

/// <summary>
/// Our 20-byte peer id in the Azureus style most clients recognise: "-HT0100-" names HomeTelco 0.1.0.0,
/// and 12 random bytes keep two boxes (or two restarts) apart.
/// </summary>
internal static class PeerId
{
    /// <summary>Bytes on the wire.</summary>
    public const int Length = 20;

    private static ReadOnlySpan<byte> Prefix => "-HT0100-"u8;

    /// <summary>A fresh id: the client prefix and 12 bytes from the OS random source.</summary>
    public static byte[] Create()
    {
        var id = new byte[Length];
        Prefix.CopyTo(id);
        RandomNumberGenerator.Fill(id.AsSpan(Prefix.Length));
        return id;
    }
}
