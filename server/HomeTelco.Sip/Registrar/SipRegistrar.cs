using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Transactions;

namespace HomeTelco.Sip.Registrar;

/// <summary>The registrar (RFC 3261 §10.3). Placeholder answering 501 until the registrar lands.</summary>
internal sealed class SipRegistrar
{
#pragma warning disable CA1822 // Instance members: the real registrar keeps state.
    public void OnRegister(SipServerTransaction transaction, SipMessage request) =>
        transaction.SendResponse(SipResponseBuilder.CreateResponse(request, 501));
#pragma warning restore CA1822
}
