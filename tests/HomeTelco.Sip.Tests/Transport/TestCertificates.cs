using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace HomeTelco.Sip.Tests.Transport;

/// Self-signed certificates like the box's own (ECDSA P-256, loopback names), made once per test run.
internal static class TestCertificates
{
    private static readonly Lazy<X509Certificate2> LazyServer = new(() => Create("sip-test-box"));
    private static readonly Lazy<X509Certificate2> LazyPhone = new(() => Create("sip-test-phone"));

    public static X509Certificate2 Server => LazyServer.Value;

    public static X509Certificate2 Phone => LazyPhone.Value;

    private static X509Certificate2 Create(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null);
    }
}
