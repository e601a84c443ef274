using System.Security.Cryptography;

namespace HomeTelco.Sip.Syntax;

/// <summary>
/// 64 random bits as 16 lower-case hex digits, for tags and branches (RFC 3261 §19.3 asks at least 32 of tags, §8.1.1.7
/// uniqueness of branches). The bits come from the system's CSPRNG as always, but 512 bytes at a time per thread: one
/// call into it for each response's To-tag cost more than the rest of building the response.
/// </summary>
internal static class SipRandomHex
{
    private const int TokenBytes = 8;
    private const int BlockBytes = 512;

    [ThreadStatic]
    private static byte[]? _block;

    [ThreadStatic]
    private static int _used;

    /// <summary><paramref name="prefix"/> followed by 16 random hex digits, in one string.</summary>
    public static string Create(string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var block = _block;
        if (block is null || _used + TokenBytes > BlockBytes)
        {
            block = _block ??= new byte[BlockBytes];
            RandomNumberGenerator.Fill(block);
            _used = 0;
        }

        var offset = _used;
        _used += TokenBytes;
        var text = string.Create(prefix.Length + (TokenBytes * 2), (Prefix: prefix, Block: block, Offset: offset), static (chars, state) =>
        {
            state.Prefix.CopyTo(chars);
            Convert.TryToHexStringLower(state.Block.AsSpan(state.Offset, TokenBytes), chars[state.Prefix.Length..], out _);
        });

        // Used bits are not left behind for anything that might read the block later.
        block.AsSpan(offset, TokenBytes).Clear();
        return text;
    }
}
