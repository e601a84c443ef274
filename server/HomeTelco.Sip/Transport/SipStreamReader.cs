using System.Buffers;
using System.IO.Pipelines;
using HomeTelco.Sip.Parsing;

namespace HomeTelco.Sip.Transport;

/// <summary>
/// Reads one TCP or TLS connection (RFC 3261 §18.3 framing by Content-Length) until the peer closes it, it sends
/// something unparsable, or the connection is closed: CRLFCRLF pings between messages are answered with a CRLF pong
/// (RFC 5626 §4.4.1) and count as traffic; each message is copied out of the pipe once, exactly, and parsed.
/// </summary>
internal static class SipStreamReader
{
    public static async Task RunAsync(SipConnection connection, Stream stream, ISipInbound inbound, SipParserLimits limits)
    {
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 1024, leaveOpen: true));
        var framer = new SipStreamFramer(limits.MaxMessageSize);
        var token = connection.Closing;
        var lineBreaks = 0;
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync(token).ConfigureAwait(false);
                var buffer = read.Buffer;
                connection.Touch();
                var stop = false;
                while (!stop)
                {
                    // Between messages: keep-alives (the buffer always starts at a message boundary).
                    while (buffer.Length >= 2 && StartsWithLineBreak(buffer))
                    {
                        buffer = buffer.Slice(2);
                        if (++lineBreaks == 2)
                        {
                            lineBreaks = 0;
                            connection.TryEnqueue(SipOutbound.Static(SipKeepAliveBytes.Pong));
                        }
                    }

                    if (buffer.IsEmpty || (buffer.Length == 1 && buffer.FirstSpan[0] == (byte)'\r'))
                    {
                        break;
                    }

                    lineBreaks = 0;
                    var status = framer.Next(buffer, out var length);
                    if (status == SipFrameStatus.NeedMore)
                    {
                        break;
                    }

                    if (status == SipFrameStatus.TooLarge)
                    {
                        connection.Close("message over the size limit");
                        return;
                    }

                    var result = Parse(status == SipFrameStatus.Frame ? buffer.Slice(0, length) : buffer, limits);
                    if (result.Status == SipParseStatus.Incomplete && status == SipFrameStatus.Frame)
                    {
                        // The framer and the parser disagree on where the message ends; the parser decides.
                        result = Parse(buffer, limits);
                    }

                    if (result.Status == SipParseStatus.Incomplete)
                    {
                        break;
                    }

                    await inbound.OnMessageAsync(result, connection.EndPoint, token).ConfigureAwait(false);
                    if (!result.IsComplete)
                    {
                        // After a framing error the stream has no known message boundary left (RFC 3261 §18.3).
                        connection.Close("bad message");
                        stop = true;
                    }

                    buffer = buffer.Slice(result.Consumed);
                    framer.Reset();
                }

                reader.AdvanceTo(buffer.Start, read.Buffer.End);
                if (buffer.IsEmpty)
                {
                    connection.MessageDone();
                }
                else
                {
                    connection.MessagePending();
                }

                if (stop || read.IsCompleted)
                {
                    return;
                }
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private static bool StartsWithLineBreak(ReadOnlySequence<byte> buffer)
    {
        var first = buffer.FirstSpan;
        if (first.Length >= 2)
        {
            return first[0] == (byte)'\r' && first[1] == (byte)'\n';
        }

        Span<byte> two = stackalloc byte[2];
        buffer.Slice(0, 2).CopyTo(two);
        return two[0] == (byte)'\r' && two[1] == (byte)'\n';
    }

    // A message keeps slices of its bytes, so it is parsed from its own copy, never from pipe memory.
    private static SipParseResult Parse(ReadOnlySequence<byte> bytes, SipParserLimits limits) =>
        SipParser.Parse(bytes.ToArray(), SipFraming.Stream, limits);
}
