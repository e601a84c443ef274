using System.Buffers;
using System.Text;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Tests.Transport;

public sealed class SipStreamFramerTests
{
    private const string Body = "v=0\r\n";

    [Fact]
    public void Next_WholeMessageThenMore_FramesExactlyTheFirst()
    {
        var first = SipText.Options("TCP", "z9hG4bK-f1", body: Body);
        var framer = new SipStreamFramer(65535);

        var status = framer.Next(Sequence(first + "OPTIONS sip:x SIP/2.0\r\n"), out var length);

        Assert.Equal(SipFrameStatus.Frame, status);
        Assert.Equal(Encoding.UTF8.GetByteCount(first), length);
    }

    [Fact]
    public void Next_EveryPrefix_NeedsMoreUntilTheLastByte()
    {
        var message = SipText.Options("TCP", "z9hG4bK-f2", body: Body);
        var bytes = Encoding.UTF8.GetBytes(message);
        var framer = new SipStreamFramer(65535);

        // Fed as a peer trickling it: the framer resumes where it stopped each time.
        for (var i = 1; i < bytes.Length; i++)
        {
            Assert.Equal(SipFrameStatus.NeedMore, framer.Next(new ReadOnlySequence<byte>(bytes, 0, i), out _));
        }

        Assert.Equal(SipFrameStatus.Frame, framer.Next(new ReadOnlySequence<byte>(bytes), out var length));
        Assert.Equal(bytes.Length, length);
    }

    [Fact]
    public void Next_MessageSpreadOverManySegments_FramedLikeOne()
    {
        var message = SipText.Options("TCP", "z9hG4bK-f3", body: Body).Replace("Content-Length", "l", StringComparison.Ordinal);
        var framer = new SipStreamFramer(65535);

        Assert.Equal(SipFrameStatus.Frame, framer.Next(Segmented(Encoding.UTF8.GetBytes(message), 7), out var length));
        Assert.Equal(Encoding.UTF8.GetByteCount(message), length);
    }

    [Theory]
    [InlineData("Content-Length: 0\r\nContent-Length: 5\r\n")]
    [InlineData("Content-Length: -3\r\n")]
    [InlineData("Content-Length: 4x\r\n")]
    [InlineData("Content-Length:\r\n 5\r\n")]
    [InlineData("Contact: <sip:a@b>\r\n")]
    public void Next_AbsentRepeatedOrOddContentLength_LeavesItToTheParser(string headers)
    {
        var message = "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\n" + headers + "\r\n";

        Assert.Equal(SipFrameStatus.ParseAll, new SipStreamFramer(65535).Next(Sequence(message), out _));
    }

    [Fact]
    public void Next_HeadersLongerThanTheLimit_TooLarge()
    {
        var framer = new SipStreamFramer(1000);

        Assert.Equal(SipFrameStatus.TooLarge, framer.Next(Sequence("OPTIONS sip:a@b SIP/2.0\r\nX: " + new string('a', 1000)), out _));
    }

    [Fact]
    public void Next_BodyDeclaredOverTheLimit_FramesTheHeadersAloneForTheParserToRefuse()
    {
        var headers = "OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 99999\r\n\r\n";
        var framer = new SipStreamFramer(1000);

        Assert.Equal(SipFrameStatus.Frame, framer.Next(Sequence(headers + "partial body"), out var length));
        Assert.Equal(headers.Length, length);
    }

    [Fact]
    public void Reset_NextMessageFramedFromItsOwnStart()
    {
        var first = SipText.Options("TCP", "z9hG4bK-r1");
        var second = SipText.Options("TCP", "z9hG4bK-r2", body: Body);
        var framer = new SipStreamFramer(65535);
        Assert.Equal(SipFrameStatus.Frame, framer.Next(Sequence(first), out _));

        framer.Reset();

        Assert.Equal(SipFrameStatus.Frame, framer.Next(Sequence(second), out var length));
        Assert.Equal(Encoding.UTF8.GetByteCount(second), length);
    }

    private static ReadOnlySequence<byte> Sequence(string text) => new(Encoding.UTF8.GetBytes(text));

    private static ReadOnlySequence<byte> Segmented(byte[] bytes, int size)
    {
        Segment? first = null;
        Segment? last = null;
        for (var offset = 0; offset < bytes.Length; offset += size)
        {
            var chunk = bytes.AsMemory(offset, Math.Min(size, bytes.Length - offset));
            last = last is null ? first = new Segment(chunk, 0) : last.Append(chunk);
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
