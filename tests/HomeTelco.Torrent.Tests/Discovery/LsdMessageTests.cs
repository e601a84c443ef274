using System.Text;
using HomeTelco.Torrent.Discovery;

namespace HomeTelco.Torrent.Tests.Discovery;

public sealed class LsdMessageTests
{
    private static readonly InfoHash A = InfoHash.FromBytes(Enumerable.Range(0, 20).Select(i => (byte)i).ToArray());
    private static readonly InfoHash B = InfoHash.FromBytes(Enumerable.Range(100, 20).Select(i => (byte)i).ToArray());

    [Fact]
    public void Write_ProducesBep14TextAndParsesBack()
    {
        var buffer = new byte[LsdMessage.MaxDatagram];
        var length = LsdMessage.Write(buffer, "239.192.152.143:6771", 51413, [A, B], "c00k1e");

        Assert.Equal(
            "BT-SEARCH * HTTP/1.1\r\nHost: 239.192.152.143:6771\r\nPort: 51413\r\n" +
            $"Infohash: {A.ToHex()}\r\nInfohash: {B.ToHex()}\r\ncookie: c00k1e\r\n\r\n\r\n",
            Encoding.ASCII.GetString(buffer, 0, length));
        var hashes = new List<InfoHash>();
        Assert.True(LsdMessage.TryParse(buffer.AsSpan(0, length), hashes, 10, out var port, out var cookie, out var error), error);
        Assert.Equal(51413, port);
        Assert.Equal("c00k1e", cookie);
        Assert.Equal([A, B], hashes);
    }

    [Fact]
    public void Write_TooManyHashesForTheBuffer_WritesNothing()
    {
        Assert.Equal(0, LsdMessage.Write(new byte[100], "h", 1, [A, B], "c"));
    }

    [Fact]
    public void Parse_AnotherClientsSpelling_UpperCaseHexNoCookieAndUnknownHeaders()
    {
        var text = $"BT-SEARCH * HTTP/1.1\r\nHOST: 239.192.152.143:6771\r\nport:6881\r\nX-Extra: 1\r\nINFOHASH: {A.ToHex().ToUpperInvariant()}\r\n\r\n\r\n";
        var hashes = new List<InfoHash>();

        Assert.True(LsdMessage.TryParse(Encoding.ASCII.GetBytes(text), hashes, 10, out var port, out var cookie, out var error), error);

        Assert.Equal(6881, port);
        Assert.Equal(string.Empty, cookie);
        Assert.Equal([A], hashes);
    }

    [Theory]
    [InlineData("M-SEARCH * HTTP/1.1\r\nPort: 1\r\nInfohash: {A}\r\n\r\n", "not a BT-SEARCH request")]
    [InlineData("BT-SEARCH * HTTP/1.1\r\nInfohash: {A}\r\n\r\n", "no Port")]
    [InlineData("BT-SEARCH * HTTP/1.1\r\nPort: 0\r\nInfohash: {A}\r\n\r\n", "Port is not 1-65535")]
    [InlineData("BT-SEARCH * HTTP/1.1\r\nPort: 65536\r\nInfohash: {A}\r\n\r\n", "Port is not 1-65535")]
    [InlineData("BT-SEARCH * HTTP/1.1\r\nPort: 6x81\r\nInfohash: {A}\r\n\r\n", "Port is not 1-65535")]
    [InlineData("BT-SEARCH * HTTP/1.1\r\nPort: 6881\r\n\r\n", "no Infohash")]
    [InlineData("BT-SEARCH * HTTP/1.1\r\nPort: 6881\r\nInfohash: 1234\r\n\r\n", "Infohash is not 40 hex digits")]
    [InlineData("BT-SEARCH * HTTP/1.1\r\nPort: 6881\r\nno colon here\r\n\r\n", "header line without a name")]
    public void Parse_Malformed_IsRefusedWithAReason(string template, string reason)
    {
        var text = template.Replace("{A}", A.ToHex(), StringComparison.Ordinal);

        Assert.False(LsdMessage.TryParse(Encoding.ASCII.GetBytes(text), [], 10, out _, out _, out var error));

        Assert.Equal(reason, error);
    }

    [Fact]
    public void Parse_OversizedDatagram_IsRefused()
    {
        var big = new byte[LsdMessage.MaxDatagram + 1];
        Assert.False(LsdMessage.TryParse(big, [], 10, out _, out _, out var error));
        Assert.StartsWith("datagram of", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MoreHashesThanAllowed_KeepsOnlyTheFirstOnes()
    {
        var text = $"BT-SEARCH * HTTP/1.1\r\nPort: 1\r\nInfohash: {A.ToHex()}\r\nInfohash: {A.ToHex()}\r\nInfohash: {B.ToHex()}\r\n\r\n\r\n";
        var hashes = new List<InfoHash>();

        Assert.True(LsdMessage.TryParse(Encoding.ASCII.GetBytes(text), hashes, 1, out _, out _, out _));

        Assert.Equal([A], hashes);
    }

    [Fact]
    public void Parse_EveryPrefixAndEveryByteFlip_NeverThrows()
    {
        var buffer = new byte[LsdMessage.MaxDatagram];
        var length = LsdMessage.Write(buffer, "239.192.152.143:6771", 6881, [A], "x");
        var message = buffer[..length];
        for (var cut = 0; cut <= length; cut++)
        {
            LsdMessage.TryParse(message.AsSpan(0, cut), [], 10, out _, out _, out _);
        }

        var random = new Random(14);
        for (var i = 0; i < 5000; i++)
        {
            var mutated = (byte[])message.Clone();
            mutated[random.Next(length)] = (byte)random.Next(256);
            var hashes = new List<InfoHash>();
            if (LsdMessage.TryParse(mutated, hashes, 10, out var port, out _, out _))
            {
                Assert.InRange(port, 1, 65535);
                Assert.NotEmpty(hashes);
            }
        }
    }
}
