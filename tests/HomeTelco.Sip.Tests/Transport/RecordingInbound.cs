using System.Threading.Channels;
using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Parsing;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Tests.Transport;

/// What the transports hand over, in order; optionally answers each request 200 through a sender, like the box's OPTIONS.
internal sealed class RecordingInbound : ISipInbound
{
    private readonly Channel<(SipParseResult Result, SipEndPoint Source)> _received = Channel.CreateUnbounded<(SipParseResult, SipEndPoint)>();

    public SipSender? AnswerThrough { get; set; }

    public ValueTask OnMessageAsync(SipParseResult result, SipEndPoint source, CancellationToken cancellationToken)
    {
        _received.Writer.TryWrite((result, source));
        if (AnswerThrough is { } sender && result.IsComplete && result.Message.IsRequest)
        {
            sender.Send(SipResponseBuilder.CreateResponse(result.Message, 200), source);
        }

        return ValueTask.CompletedTask;
    }

    public async Task<(SipParseResult Result, SipEndPoint Source)> NextAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _received.Reader.ReadAsync(deadline.Token);
    }

    public bool TryNext(out (SipParseResult Result, SipEndPoint Source) item) => _received.Reader.TryRead(out item);
}
