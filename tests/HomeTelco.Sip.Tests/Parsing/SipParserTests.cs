using System.Text;
using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Parsing;
using HomeTelco.Sip.Tests.Conformance;

namespace HomeTelco.Sip.Tests.Parsing;

public sealed class SipParserTests
{
    private const string Register =
        "REGISTER sip:registrar.example.com SIP/2.0\r\n" +
        "Via: SIP/2.0/TCP 192.0.2.10:5060;branch=z9hG4bK776asdhds;rport\r\n" +
        "Max-Forwards: 70\r\n" +
        "To: Bob <sip:bob@example.com>\r\n" +
        "From: Bob <sip:bob@example.com>;tag=456248\r\n" +
        "Call-ID: 843817637684230@998sdasdh09\r\n" +
        "CSeq: 1826 REGISTER\r\n" +
        "Contact: <sip:bob@192.0.2.10>;expires=7200\r\n" +
        "Content-Length: 4\r\n" +
        "\r\n" +
        "body";

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void Parse_StreamMessage_ConsumesExactlyOneMessage()
    {
        var bytes = Bytes(Register + Register);

        var result = SipParser.Parse(bytes, SipFraming.Stream);

        Assert.True(result.IsComplete);
        Assert.Equal(Register.Length, result.Consumed);
        Assert.Equal("body"u8.ToArray(), result.Message.Body.ToArray());
        Assert.Equal(8, result.Message.Headers.Count);
    }

    [Fact]
    public void Parse_EveryPrefixOfStreamMessage_IsIncompleteNeverError()
    {
        var bytes = Bytes(Register);
        for (var length = 0; length < bytes.Length; length++)
        {
            var result = SipParser.Parse(bytes.AsMemory(0, length), SipFraming.Stream);
            Assert.True(result.Status == SipParseStatus.Incomplete, $"prefix {length}: {result.Status} {result.Error}");
        }
    }

    [Theory]
    [InlineData("wsinv")]
    [InlineData("longreq")]
    [InlineData("mpart01")]
    [InlineData("intmeth")]
    public void Parse_EveryPrefixOfTortureMessage_IsIncomplete(string name)
    {
        var bytes = TortureMessages.Load(name);
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.Equal(SipParseStatus.Incomplete, SipParser.Parse(bytes.AsMemory(0, length), SipFraming.Stream).Status);
        }

        Assert.True(SipParser.Parse(bytes, SipFraming.Stream).IsComplete);
    }

    [Fact]
    public void Parse_LeadingKeepAliveCrlfs_AreSkippedAndReportedDroppable()
    {
        var alone = SipParser.Parse(Bytes("\r\n\r\n"), SipFraming.Stream);
        var before = SipParser.Parse(Bytes("\r\n\r\n" + Register), SipFraming.Stream);

        Assert.Equal(SipParseStatus.Incomplete, alone.Status);
        Assert.Equal(4, alone.Consumed);
        Assert.True(before.IsComplete);
        Assert.Equal(4 + Register.Length, before.Consumed);
    }

    [Fact]
    public void Parse_CompactAndLongForms_ResolveToSameKind()
    {
        var message = SipParser.Parse(Bytes("OPTIONS sip:a@b SIP/2.0\r\ni: x@y\r\nV: SIP/2.0/UDP h\r\nl: 0\r\ns:\r\nk: path, gruu\r\nU: presence\r\n\r\n"), SipFraming.Datagram).Message!;

        Assert.Equal("x@y", message.GetCallId());
        Assert.Equal("Call-ID", message.Headers[0].CanonicalName);
        Assert.Equal("i", message.Headers[0].Name);
        Assert.True(message.Headers.Contains(SipHeaderKind.Via));
        Assert.Equal(string.Empty, message.Headers.GetFirstValue("Subject"));
        Assert.Equal(["path", "gruu"], message.GetTokens(SipHeaderKind.Supported));
        Assert.Equal("presence", message.Headers.GetFirstValue("Allow-Events"));
    }

    [Fact]
    public void Parse_FoldedValue_CollapsesEachFoldToOneSpace()
    {
        var message = SipParser.Parse(Bytes("OPTIONS sip:a@b SIP/2.0\r\nSubject: one  \r\n\t two\r\n   three\r\nl: 0\r\n\r\n"), SipFraming.Datagram).Message!;

        Assert.Equal("one two three", message.Headers.GetFirstValue("Subject"));
    }

    [Theory]
    [InlineData("OPTIONS sip:a@b SIP/2.0\nVia: SIP/2.0/UDP h\r\n\r\n", "InvalidLineEnding")]
    [InlineData("OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h\n\r\n", "InvalidLineEnding")]
    [InlineData("OPTIONS sip:a@b SIP/2.0\r\nVia SIP/2.0/UDP h\r\n\r\n", "MalformedHeader")]
    [InlineData("OPTIONS sip:a@b SIP/2.0\r\n Via: SIP/2.0/UDP h\r\n\r\n", "MalformedHeader")]
    [InlineData("OPTIONS sip:a@b SIP/2.0\r\nBad Name: x\r\n\r\n", "MalformedHeader")]
    [InlineData("OPTIONS sip:a@b HTTP/1.1\r\n\r\n", "MalformedStartLine")]
    [InlineData("OPTIONS sip:a@b SIP/2.0\r\nl: 1\r\nl: 1\r\n\r\nx", "ConflictingContentLength")]
    [InlineData("OPTIONS sip:a@b SIP/2.0\r\nl: five\r\n\r\n", "InvalidContentLength")]
    [InlineData("\r\n\r\n", "EmptyMessage")]
    public void Parse_MalformedDatagram_ReturnsSpecificError(string text, string expected)
    {
        var result = SipParser.Parse(Bytes(text), SipFraming.Datagram);

        Assert.Equal(SipParseStatus.Error, result.Status);
        Assert.Equal(expected, result.Error!.Kind.ToString());
    }

    [Fact]
    public void Parse_StreamWithoutContentLength_IsFramingError()
    {
        var result = SipParser.Parse(Bytes("OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h\r\n\r\n"), SipFraming.Stream);

        Assert.Equal(SipParseErrorKind.MissingContentLength, result.Error!.Kind);
        Assert.True(result.Error.FramingLost);
    }

    [Fact]
    public void Parse_DatagramWithoutContentLength_BodyIsRestOfDatagram()
    {
        var result = SipParser.Parse(Bytes("MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\n\r\nhello"), SipFraming.Datagram);

        Assert.Equal("hello"u8.ToArray(), result.Message!.Body.ToArray());
    }

    [Fact]
    public void Parse_MessageOverSizeLimit_Returns513()
    {
        var limits = SipParserLimits.Default with { MaxMessageSize = 100 };

        var datagram = SipParser.Parse(Bytes(Register), SipFraming.Datagram, limits);
        var stream = SipParser.Parse(Bytes(Register[..150]), SipFraming.Stream, limits);

        Assert.Equal((SipParseErrorKind.MessageTooLarge, 513), (datagram.Error!.Kind, datagram.Error.StatusCode));
        Assert.True(datagram.CanRespond);
        Assert.Equal(SipParseErrorKind.MessageTooLarge, stream.Error!.Kind);
    }

    [Fact]
    public void Parse_HeaderLineOverLimit_ReturnsHeaderTooLong()
    {
        var limits = SipParserLimits.Default with { MaxHeaderLineLength = 40 };

        var result = SipParser.Parse(Bytes(Register), SipFraming.Stream, limits);

        Assert.Equal((SipParseErrorKind.HeaderTooLong, 513), (result.Error!.Kind, result.Error.StatusCode));
    }

    [Fact]
    public void Parse_TooManyHeaders_ReturnsTooManyHeaders()
    {
        var limits = SipParserLimits.Default with { MaxHeaderCount = 5 };

        Assert.Equal(SipParseErrorKind.TooManyHeaders, SipParser.Parse(Bytes(Register), SipFraming.Datagram, limits).Error!.Kind);
    }

    [Fact]
    public void Parse_RequestUriOverLimit_Returns414()
    {
        var limits = SipParserLimits.Default with { MaxUriLength = 10 };

        var result = SipParser.Parse(Bytes(Register), SipFraming.Datagram, limits);

        Assert.Equal((SipParseErrorKind.RequestUriTooLong, 414), (result.Error!.Kind, result.Error.StatusCode));
    }

    [Fact]
    public void Parse_ErrorOffset_PointsAtTheFault()
    {
        var text = "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\nl: -1\r\n\r\n";

        var result = SipParser.Parse(Bytes(text), SipFraming.Datagram);

        Assert.Equal(text.IndexOf("-1", StringComparison.Ordinal), result.Error!.Offset);
    }

    [Fact]
    public void Parse_HeaderSlices_PointIntoInputBuffer()
    {
        var bytes = Bytes(Register);

        var message = SipParser.Parse(bytes, SipFraming.Datagram).Message!;

        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(message.Headers[0].RawValue, out var segment));
        Assert.Same(bytes, segment.Array);
    }

    [Fact]
    public void Parse_RandomMutations_NeverThrow()
    {
        var seeds = new[] { Bytes(Register), TortureMessages.Load("wsinv"), TortureMessages.Load("intmeth"), TortureMessages.Load("esc01") };
        var random = new Random(4475);
        byte[] interesting = [(byte)'\r', (byte)'\n', (byte)' ', (byte)':', (byte)';', (byte)',', (byte)'"', (byte)'<', (byte)'>', (byte)'%', (byte)'\\', 0, 0xFF, (byte)'0', (byte)'@', (byte)'['];
        for (var i = 0; i < 20_000; i++)
        {
            var seed = seeds[i % seeds.Length];
            var bytes = (byte[])seed.Clone();
            var edits = random.Next(1, 6);
            for (var e = 0; e < edits; e++)
            {
                bytes[random.Next(bytes.Length)] = random.Next(2) == 0 ? interesting[random.Next(interesting.Length)] : (byte)random.Next(256);
            }

            var length = random.Next(3) == 0 ? random.Next(bytes.Length) : bytes.Length;
            var framing = (i & 1) == 0 ? SipFraming.Datagram : SipFraming.Stream;
            var result = SipParser.Parse(bytes.AsMemory(0, length), framing);
            if (result.Message is { } message)
            {
                // Typed accessors and validation must be as robust as the framer.
                _ = HomeTelco.Sip.Validation.SipMessageValidator.Validate(message);
                _ = message.GetVias();
                _ = message.GetContacts();
                _ = message.GetCredentials(SipHeaderKind.Authorization);
                _ = HomeTelco.Sip.Serialization.SipSerializer.ToArray(message);
            }
        }
    }
}
