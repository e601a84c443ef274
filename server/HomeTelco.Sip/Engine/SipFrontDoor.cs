using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Parsing;
using HomeTelco.Sip.Defence;
using HomeTelco.Sip.Transport;
using HomeTelco.Sip.Validation;
using Microsoft.Extensions.Logging;

namespace HomeTelco.Sip.Engine;

/// <summary>
/// Where every framed message arrives: bad ones are answered (400/505/513 where a response can be formed) or dropped,
/// the guard decides whether the source is heard at all, requests get their Via stamped for NAT (RFC 3581) and
/// validated, and then everything goes to the transaction layer of its lane (<see cref="SipLanes"/>), which hands new
/// requests to that lane's <see cref="SipCore"/>. Safe to call from several receive threads at once.
/// </summary>
internal sealed class SipFrontDoor(SipLanes lanes, SipSender sender, SipGuard guard, SipCounters counters, TimeProvider time, ILogger logger) : ISipInbound
{
    private readonly LogLimiter _logLimiter = new(time, TimeSpan.FromMinutes(1));

    public ValueTask OnMessageAsync(SipParseResult result, SipEndPoint source, CancellationToken cancellationToken)
    {
        if (!result.IsComplete)
        {
            Bad(source, result.Error?.Reason ?? "unparsable");
            if (result.CanRespond && guard.Admit(result.Message!, source))
            {
                sender.Send(SipResponseBuilder.CreateResponse(result.Message!, result.Error!.StatusCode), source);
            }

            return ValueTask.CompletedTask;
        }

        var message = result.Message;
        if (!guard.Admit(message, source))
        {
            counters.Ignored();
            return ValueTask.CompletedTask;
        }

        if (!message.IsRequest)
        {
            counters.Response();
            lanes.For(message).ReceiveResponse(message, source);
            return ValueTask.CompletedTask;
        }

        counters.Request();
        var validation = SipMessageValidator.ValidateRequest(message);
        SipViaStamp.Apply(message, source.EndPoint);
        if (!validation.IsValid)
        {
            Bad(source, validation.ReasonPhrase);
            if (validation.StatusCode != 0 && message.Method != "ACK")
            {
                sender.Send(SipResponseBuilder.CreateResponse(message, validation.StatusCode, validation.ReasonPhrase), source);
            }

            return ValueTask.CompletedTask;
        }

        lanes.For(message).ReceiveRequest(message, source);
        return ValueTask.CompletedTask;
    }

    private void Bad(SipEndPoint source, string reason)
    {
        counters.BadMessage();
        if (_logLimiter.ShouldLog(reason, out var suppressed))
        {
            Log.BadMessage(logger, source.EndPoint.ToString(), reason, suppressed);
        }
    }
}
