using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Transactions;

namespace HomeTelco.Sip.Proxy;

/// <summary>The transaction user of the proxy's own CANCELs: their responses change nothing (the INVITE's response does).</summary>
internal sealed class IgnoredResponses : ISipClientTransactionUser
{
    public static IgnoredResponses Instance { get; } = new();

    public void OnResponse(SipClientTransaction transaction, SipMessage response)
    {
    }
}
