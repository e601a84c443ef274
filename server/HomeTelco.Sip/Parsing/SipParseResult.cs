using System.Diagnostics.CodeAnalysis;
using HomeTelco.Sip.Messages;

namespace HomeTelco.Sip.Parsing;

/// The outcome of one parse call.
/// Complete: <see cref="Message"/> is set and <see cref="Consumed"/> bytes belong to it.
/// Incomplete: more bytes are needed; <see cref="Consumed"/> leading CRLF keep-alive bytes may be dropped.
/// Error: <see cref="Error"/> says why; <see cref="Message"/> may hold what was readable (headers framed, start line
/// bad) so a response can still be built, and <see cref="Consumed"/> is the message length when framing survived.
internal readonly struct SipParseResult
{
    private SipParseResult(SipParseStatus status, SipMessage? message, int consumed, SipParseError? error, bool trailingBytesDiscarded)
    {
        Status = status;
        Message = message;
        Consumed = consumed;
        Error = error;
        TrailingBytesDiscarded = trailingBytesDiscarded;
    }

    public SipParseStatus Status { get; }

    public SipMessage? Message { get; }

    public int Consumed { get; }

    public SipParseError? Error { get; }

    /// Datagram framing only: bytes followed the body and were discarded (RFC 3261 §18.3), as in RFC 4475 dblreq.
    public bool TrailingBytesDiscarded { get; }

    [MemberNotNullWhen(true, nameof(Message))]
    public bool IsComplete => Status == SipParseStatus.Complete;

    /// True when a response can be formed: a request whose error names a code and whose headers were readable.
    public bool CanRespond => Status == SipParseStatus.Error && Error!.StatusCode != 0 && Message is { IsRequest: true } m
        && m.Headers.Contains(SipHeaderKind.Via);

    internal static SipParseResult Complete(SipMessage message, int consumed, bool trailing) =>
        new(SipParseStatus.Complete, message, consumed, null, trailing);

    internal static SipParseResult Incomplete(int droppable) => new(SipParseStatus.Incomplete, null, droppable, null, false);

    internal static SipParseResult Failed(SipParseError error, SipMessage? partial = null, int consumed = 0) =>
        new(SipParseStatus.Error, partial, consumed, error, false);
}
