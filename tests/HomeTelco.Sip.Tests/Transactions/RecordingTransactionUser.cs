using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Transactions;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Tests.Transactions;

/// A TU that remembers what it was told and optionally answers new requests at once.
internal sealed class RecordingTransactionUser : ISipTransactionUser, ISipClientTransactionUser
{
    public List<(SipServerTransaction Transaction, SipMessage Request)> Requests { get; } = [];

    public List<SipMessage> Acks { get; } = [];

    public List<SipMessage> StrayResponses { get; } = [];

    public List<SipServerTransaction> TimedOutServers { get; } = [];

    public List<(SipClientTransaction Transaction, SipMessage Response)> Responses { get; } = [];

    /// What a proxy says (2xx after the first may take the stray path); false, the default, for a UA core.
    public bool HandlesLateSuccessesAsStray { get; set; }

    /// When set, every new request is answered with this status from inside the callback.
    public int? AnswerWith { get; set; }

    public void OnRequest(SipServerTransaction transaction, SipMessage request)
    {
        Requests.Add((transaction, request));
        if (AnswerWith is { } status)
        {
            transaction.SendResponse(SipResponseBuilder.CreateResponse(request, status, toTag: "srv"));
        }
    }

    public void OnAck(SipMessage ack, SipEndPoint source) => Acks.Add(ack);

    public void OnStrayResponse(SipMessage response, SipEndPoint source) => StrayResponses.Add(response);

    public void OnServerTransactionTimedOut(SipServerTransaction transaction) => TimedOutServers.Add(transaction);

    public void OnResponse(SipClientTransaction transaction, SipMessage response) => Responses.Add((transaction, response));
}
