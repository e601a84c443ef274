using System.Globalization;
using HomeTelco.Sip.Messages;

namespace HomeTelco.Sip.Transactions;

/// The requests the transaction layer makes from an INVITE: the ACK for a non-2xx final response (RFC 3261
/// §17.1.1.3) and a CANCEL (§9.1). Both reuse the INVITE's Request-URI bytes and header slices.
internal static class SipTransactionRequests
{
    /// Request-URI, Call-ID, From, CSeq number and Route set of the INVITE; To of the response (it carries the tag the
    /// UAS chose); only the INVITE's top Via, so the ACK matches the server transaction.
    public static SipMessage CreateAck(SipMessage invite, SipMessage response)
    {
        ArgumentNullException.ThrowIfNull(invite);
        ArgumentNullException.ThrowIfNull(response);
        var to = response.Headers.TryGetFirst(SipHeaderKind.To, out var responseTo) ? responseTo : (SipHeader?)null;
        return Derive(invite, "ACK", to);
    }

    /// Request-URI, Call-ID, To, From, CSeq number, Route set and top Via (same branch) of the INVITE, method CANCEL.
    public static SipMessage CreateCancel(SipMessage invite)
    {
        ArgumentNullException.ThrowIfNull(invite);
        return Derive(invite, "CANCEL", null);
    }

    private static SipMessage Derive(SipMessage invite, string method, SipHeader? replacementTo)
    {
        var cseq = invite.GetCSeq();
        if (!cseq.IsSuccess || !invite.IsRequest)
        {
            throw new ArgumentException("The INVITE must be a request with a valid CSeq.", nameof(invite));
        }

        var headers = new SipHeaderCollection(8);
        var sawVia = false;
        foreach (var header in invite.Headers)
        {
            switch (header.Kind)
            {
                case SipHeaderKind.Via when !sawVia:
                    // Client transactions carry requests this element built, one via-parm per Via field.
                    sawVia = true;
                    headers.Add(header);
                    break;
                case SipHeaderKind.From:
                case SipHeaderKind.CallId:
                case SipHeaderKind.Route:
                case SipHeaderKind.MaxForwards:
                    headers.Add(header);
                    break;
                case SipHeaderKind.To:
                    headers.Add(replacementTo ?? header);
                    break;
                case SipHeaderKind.CSeq:
                    headers.Add(new SipHeader("CSeq", cseq.Value!.Number.ToString(CultureInfo.InvariantCulture) + " " + method));
                    break;
            }
        }

        headers.Set(SipHeaderKind.ContentLength, "0");
        return SipMessage.FromParsedRequest(method, invite.RawRequestUri, invite.RequestUri, invite.Version, headers, ReadOnlyMemory<byte>.Empty);
    }
}
