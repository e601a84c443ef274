using HomeTelco.Sip.Headers;
using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Uris;

namespace HomeTelco.Sip.Transactions;

/// The fields RFC 3261 §17.2.3 compares for requests whose branch lacks the magic cookie (RFC 2543 clients):
/// Request-URI, To tag, From tag, Call-ID, CSeq and the top Via.
internal sealed class SipRfc2543Identity
{
    private SipRfc2543Identity(SipMessage request, SipVia topVia, SipCSeq cseq, string? fromTag, string? toTag, string? callId)
    {
        Request = request;
        TopVia = topVia;
        CSeq = cseq;
        FromTag = fromTag;
        ToTag = toTag;
        CallId = callId;
    }

    public SipMessage Request { get; }

    public SipVia TopVia { get; }

    public SipCSeq CSeq { get; }

    public string? FromTag { get; }

    public string? ToTag { get; }

    public string? CallId { get; }

    /// Null when From or To cannot be read: such a request cannot be matched and is treated as new.
    public static SipRfc2543Identity? Create(SipMessage request, SipVia topVia, SipCSeq cseq)
    {
        var from = request.GetFrom();
        var to = request.GetTo();
        return from.IsSuccess && to.IsSuccess
            ? new SipRfc2543Identity(request, topVia, cseq, from.Value.Tag, to.Value.Tag, request.GetCallId())
            : null;
    }

    /// A retransmission of the request that created the transaction: every field, CSeq method included.
    public bool MatchesRequest(SipRfc2543Identity other) =>
        string.Equals(CSeq.Method, other.CSeq.Method, StringComparison.Ordinal)
        && string.Equals(ToTag, other.ToTag, StringComparison.Ordinal)
        && MatchesCommon(other);

    /// The ACK for a non-2xx response: CSeq number only (its method is ACK), and the To tag of the response sent.
    public bool MatchesAck(SipRfc2543Identity ack, string? responseToTag) =>
        string.Equals(ack.ToTag, responseToTag, StringComparison.Ordinal) && MatchesCommon(ack);

    /// §9.2: the CANCEL matches as if its method were the cancelled request's.
    public bool MatchesCancel(SipRfc2543Identity cancel) =>
        string.Equals(ToTag, cancel.ToTag, StringComparison.Ordinal) && MatchesCommon(cancel);

    private bool MatchesCommon(SipRfc2543Identity other) =>
        CSeq.Number == other.CSeq.Number
        && string.Equals(FromTag, other.FromTag, StringComparison.Ordinal)
        && string.Equals(CallId, other.CallId, StringComparison.Ordinal)
        && SameVia(TopVia, other.TopVia)
        && SameRequestUri(Request, other.Request);

    private static bool SameVia(SipVia a, SipVia b) =>
        a.Port == b.Port
        && string.Equals(a.Transport, b.Transport, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.Branch, b.Branch, StringComparison.Ordinal);

    private static bool SameRequestUri(SipMessage a, SipMessage b) =>
        a.RequestUri is { } uriA && b.RequestUri is { } uriB
            ? SipUriComparer.AreEquivalent(uriA, uriB)
            : a.RawRequestUri.Span.SequenceEqual(b.RawRequestUri.Span);
}
