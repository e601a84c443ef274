using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace HomeTelco.Sip.Transport;

/// <summary>The TLS settings of SIP over TLS (RFC 3261 §26.2.1 as updated by RFC 8996: TLS 1.2 and 1.3 only).</summary>
internal static class SipTls
{
    public const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>What the box presents to phones: its own certificate; phones are not asked for one (they log in with digest).</summary>
    public static SslServerAuthenticationOptions Server(SslStreamCertificateContext certificate) => new()
    {
        ServerCertificateContext = certificate,
        EnabledSslProtocols = Protocols,
        ClientCertificateRequired = false,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        AllowRenegotiation = false,
    };

    /// <summary>How the box connects to a peer: by address (a contact), checking its certificate only when asked to.</summary>
    public static SslClientAuthenticationOptions Client(IPEndPoint remote, bool validate) => new()
    {
        TargetHost = remote.Address.ToString(),
        EnabledSslProtocols = Protocols,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        RemoteCertificateValidationCallback = validate ? null : AcceptPhoneCertificate,
    };

    // Phones present self-signed certificates and are reached at the address they registered from with digest
    // credentials; refusing them would make TLS unusable for outbound delivery. See SipTransportOptions.
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5359:Do Not Disable Certificate Validation", Justification = "Phones' self-signed certificates; opt in to validation with ValidateOutboundTlsCertificates.")]
    private static bool AcceptPhoneCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) => certificate is not null;
}
