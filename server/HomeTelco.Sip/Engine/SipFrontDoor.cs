using System.Buffers;
using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Parsing;
using HomeTelco.Sip.Serialization;
using HomeTelco.Sip.Transport;
using HomeTelco.Sip.Validation;
using Microsoft.Extensions.Logging;

namespace HomeTelco.Sip.Engine;

/// <summary>
/// Where every framed message arrives: bad ones are answered (400/505/513 where a response can be
/// formed) or dropped, requests get their Via stamped for NAT (RFC 3581) and validated, and then go to
/// the method's handler. This build answers OPTIONS (RFC 3261 §11) itself and says 501 to methods whose
/// engine part (registrar, proxy) is not built yet; responses have no client transactions to go to yet.
/// </summary>
internal sealed class SipFrontDoor(SipUdpTransport? udp, SipTcpTransport? tcp, SipCounters counters, TimeProvider time, ILogger logger) : ISipInbound
{
    private const string Allow = "INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER";
    private readonly LogLimiter _logLimiter = new(time, TimeSpan.FromMinutes(1));

    public async ValueTask OnMessageAsync(SipParseResult result, SipEndPoint source, CancellationToken cancellationToken)
    {
        if (!result.IsComplete)
        {
            Bad(source, result.Error?.Reason ?? "unparsable");
            if (result.CanRespond)
            {
                var error = result.Error!;
                await SendAsync(SipResponseBuilder.CreateResponse(result.Message!, error.StatusCode), source, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        var message = result.Message;
        if (!message.IsRequest)
        {
            counters.Response();
            return;
        }

        counters.Request();
        var validation = SipMessageValidator.ValidateRequest(message);
        if (!validation.IsValid)
        {
            Bad(source, validation.ReasonPhrase);
            if (validation.StatusCode != 0 && message.Method != "ACK")
            {
                SipViaStamp.Apply(message, source.EndPoint);
                await SendAsync(SipResponseBuilder.CreateResponse(message, validation.StatusCode, validation.ReasonPhrase), source, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        SipViaStamp.Apply(message, source.EndPoint);
        var response = message.Method switch
        {
            "ACK" => null,
            "OPTIONS" => Options(message),
            "CANCEL" => SipResponseBuilder.CreateResponse(message, 481),
            _ => SipResponseBuilder.CreateResponse(message, 501),
        };
        if (response is not null)
        {
            await SendAsync(response, source, cancellationToken).ConfigureAwait(false);
        }
    }

    private static SipMessage Options(SipMessage request)
    {
        var response = SipResponseBuilder.CreateResponse(request, 200);
        response.Headers.Set(SipHeaderKind.Allow, Allow);
        response.Headers.Set(SipHeaderKind.Accept, "application/sdp");
        response.Headers.Set(SipHeaderKind.Supported, "path, outbound");
        return response;
    }

    /// <summary>Responses go back where the request came from (RFC 3581 §4), over the same connection for TCP.</summary>
    private async ValueTask SendAsync(SipMessage message, SipEndPoint destination, CancellationToken cancellationToken)
    {
        var size = SipSerializer.GetByteCount(message);
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            if (!SipSerializer.TryWrite(message, buffer, out var written))
            {
                return;
            }

            var bytes = buffer.AsMemory(0, written);
            if (destination.Transport == SipTransportKind.Udp && udp is not null)
            {
                await udp.SendAsync(bytes, destination.EndPoint, cancellationToken).ConfigureAwait(false);
            }
            else if (destination.Transport == SipTransportKind.Tcp && tcp is not null)
            {
                await tcp.SendAsync(destination.ConnectionId ?? 0, bytes, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
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
