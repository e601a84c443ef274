using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Proxy;
using HomeTelco.Sip.Registrar;
using HomeTelco.Sip.Transactions;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Engine;

/// <summary>
/// The transaction user every request reaches once its server transaction exists: REGISTER goes to the registrar,
/// OPTIONS addressed to the box itself is answered here (RFC 3261 §11), CANCEL and everything else go to the proxy,
/// which is also where calls to the box's own user agents (voicemail, later) will be routed.
/// </summary>
internal sealed class SipCore(SipRegistrar registrar, SipProxy proxy, SipDomains domains) : ISipTransactionUser
{
    public const string Allow = "INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER, INFO, UPDATE, PRACK, MESSAGE, REFER, NOTIFY, SUBSCRIBE";

    /// <summary>Set once by the engine after the layer is built (the layer needs this TU first).</summary>
    public SipTransactionLayer? Layer { get; set; }

    public void OnRequest(SipServerTransaction transaction, SipMessage request)
    {
        switch (request.Method)
        {
            case "REGISTER":
                registrar.OnRegister(transaction, request);
                break;
            case "OPTIONS" when IsForTheBox(request):
                transaction.SendResponse(Options(request));
                break;
            case "CANCEL":
                proxy.OnCancel(transaction, request, Layer?.FindCancelledTransaction(request));
                break;
            default:
                proxy.OnRequest(transaction, request);
                break;
        }
    }

    public void OnAck(SipMessage ack, SipEndPoint source) => proxy.OnAck(ack, source);

    public void OnStrayResponse(SipMessage response, SipEndPoint source) => proxy.OnStrayResponse(response, source);

    public void OnServerTransactionTimedOut(SipServerTransaction transaction) => proxy.OnServerTransactionTimedOut(transaction);

    /// <summary>OPTIONS with no user part (or none of ours) and no Route beyond us is a question to the box: keep-alive or capability query.</summary>
    private bool IsForTheBox(SipMessage request) =>
        request.RequestUri is { } uri && string.IsNullOrEmpty(uri.User) && domains.IsLocal(uri.Host)
        && !request.Headers.Contains(SipHeaderKind.Route);

    private static SipMessage Options(SipMessage request)
    {
        var response = SipResponseBuilder.CreateResponse(request, 200);
        response.Headers.Set(SipHeaderKind.Allow, Allow);
        response.Headers.Set(SipHeaderKind.Accept, "application/sdp");
        response.Headers.Set(SipHeaderKind.Supported, "path, outbound");
        return response;
    }
}
