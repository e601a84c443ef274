using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace HomeTelco.Core.Security;

/// <summary>
/// The box's own TLS certificate: made at first run (ECDSA P-256, self-signed, for the box's name,
/// <c>name.local</c>, localhost and the loopback addresses) and kept in <c>&lt;data&gt;/tls/box.pfx</c>
/// (mode 0600). HTTPS, SIP over TLS and secure WebSockets all present this one certificate until ACME
/// replaces it.
/// </summary>
public static class BoxCertificate
{
    private const string FileName = "box.pfx";

    // HTTPS and SIP over TLS both ask at start-up, maybe at once: one at a time, so that on the first run the second
    // finds the file the first made instead of making (and presenting) a different certificate.
    private static readonly Lock FileLock = new();

    public static X509Certificate2 LoadOrCreate(BoxPaths paths, string boxName, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(time);
        lock (FileLock)
        {
            return LoadOrCreateLocked(paths, boxName, time);
        }
    }

    private static X509Certificate2 LoadOrCreateLocked(BoxPaths paths, string boxName, TimeProvider time)
    {
        var file = Path.Combine(paths.TlsDir, FileName);
        if (File.Exists(file))
        {
            var existing = X509CertificateLoader.LoadPkcs12FromFile(file, password: null);
            if (existing.NotAfter.ToUniversalTime() > time.GetUtcNow().UtcDateTime.AddDays(30))
            {
                return existing;
            }

            existing.Dispose();
        }

        BoxPaths.EnsurePrivateDirectory(paths.TlsDir);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={boxName}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(boxName);
        names.AddDnsName($"{boxName}.local");
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = time.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(2));
        var pfx = certificate.Export(X509ContentType.Pkcs12);
        var temp = file + ".tmp";
        using (var stream = PrivateFile.Create(temp))
        {
            stream.Write(pfx);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, file, overwrite: true);
        return X509CertificateLoader.LoadPkcs12(pfx, password: null);
    }
}
