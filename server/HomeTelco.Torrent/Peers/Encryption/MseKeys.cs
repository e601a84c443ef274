using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;

namespace HomeTelco.Torrent.Peers.Encryption;

/// <summary>
/// The arithmetic of message stream encryption: the 768-bit Diffie-Hellman group (Oakley group 1, g = 2),
/// 160-bit private keys, and the SHA-1 derivations of the obfuscation hashes and RC4 keys.
/// </summary>
internal static class MseKeys
{
    /// <summary>Bytes of a public key and of the shared secret S.</summary>
    public const int KeyLength = 96;

    /// <summary>The most padding either side may send.</summary>
    public const int MaxPadding = 512;

    /// <summary>crypto_provide / crypto_select bit for plaintext after the exchange.</summary>
    public const uint CryptoPlaintext = 0x01;

    /// <summary>crypto_provide / crypto_select bit for RC4.</summary>
    public const uint CryptoRc4 = 0x02;

    private static readonly BigInteger Prime = BigInteger.Parse(
        "0FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A63A36210000000000090563",
        NumberStyles.HexNumber,
        CultureInfo.InvariantCulture);

    /// <summary>A fresh 160-bit private key.</summary>
    public static BigInteger CreatePrivateKey()
    {
        Span<byte> bytes = stackalloc byte[20];
        RandomNumberGenerator.Fill(bytes);
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
    }

    /// <summary>g^x mod p as 96 big-endian bytes.</summary>
    public static void PublicKey(BigInteger privateKey, Span<byte> destination) => Write(BigInteger.ModPow(2, privateKey, Prime), destination);

    /// <summary>
    /// The shared secret S = y^x mod p as 96 bytes; false when the peer's key is degenerate (0, 1 or p-1 and
    /// beyond), which a hostile peer could send to force a known secret.
    /// </summary>
    public static bool TrySharedSecret(BigInteger privateKey, ReadOnlySpan<byte> peerPublicKey, Span<byte> destination)
    {
        var y = new BigInteger(peerPublicKey[..KeyLength], isUnsigned: true, isBigEndian: true);
        if (y <= BigInteger.One || y >= Prime - BigInteger.One)
        {
            return false;
        }

        Write(BigInteger.ModPow(y, privateKey, Prime), destination);
        return true;
    }

    /// <summary>SHA-1 of an ASCII label followed by one or two byte strings (HASH('req1', S), HASH('keyA', S, SKEY)...).</summary>
    public static void Hash(ReadOnlySpan<byte> label, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> destination)
    {
#pragma warning disable CA5350 // MSE defines its derivations with SHA-1; it obfuscates, it does not protect secrets.
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
#pragma warning restore CA5350
        sha.AppendData(label);
        sha.AppendData(first);
        sha.AppendData(second);
        sha.GetHashAndReset(destination);
    }

    /// <summary>An RC4 keyed with HASH(label, S, SKEY) and its first 1024 bytes of keystream discarded.</summary>
    public static Rc4 Cipher(ReadOnlySpan<byte> label, ReadOnlySpan<byte> secret, InfoHash skey)
    {
        Span<byte> infoHash = stackalloc byte[InfoHash.Length];
        skey.CopyTo(infoHash);
        Span<byte> key = stackalloc byte[20];
        Hash(label, secret, infoHash, key);
        var rc4 = new Rc4(key);
        rc4.Discard(1024);
        return rc4;
    }

    private static void Write(BigInteger value, Span<byte> destination)
    {
        destination[..KeyLength].Clear();
        var count = value.GetByteCount(isUnsigned: true);
        value.TryWriteBytes(destination[(KeyLength - count)..KeyLength], out _, isUnsigned: true, isBigEndian: true);
    }
}
