namespace HomeTelco.Torrent.Tests;

public sealed class InfoHashTests
{
    // The info-hash of an arbitrary swarm, in both spellings a magnet may use.
    private const string Hex = "c12fe1c06bba254a9dc9f519b335aa7c1367a88a";
    private const string Base32 = "YEX6DQDLXISUVHOJ6UM3GNNKPQJWPKEK";

    [Fact]
    public void Hex_and_base32_spellings_name_the_same_swarm()
    {
        Assert.True(InfoHash.TryParse(Hex, out var fromHex));
        Assert.True(InfoHash.TryParse(Base32, out var fromBase32));
        Assert.Equal(fromHex, fromBase32);
        Assert.Equal(Hex, fromBase32!.Value.ToHex());
    }

    [Fact]
    public void Bytes_round_trip_and_a_v2_hash_is_truncated_to_twenty_bytes()
    {
        var sha256 = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        var hash = InfoHash.FromBytes(sha256);
        Assert.Equal(sha256[..20], hash.ToArray());
        Assert.Equal(hash, InfoHash.FromBytes(hash.ToArray()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("c12fe1c06bba254a9dc9f519b335aa7c1367a88")]
    [InlineData("g12fe1c06bba254a9dc9f519b335aa7c1367a88a")]
    [InlineData("YEX6DQDLXISUVHOJ6UM3GNNKPQJWPKE1")]
    public void Malformed_spellings_are_refused(string text) => Assert.False(InfoHash.TryParse(text, out _));
}
