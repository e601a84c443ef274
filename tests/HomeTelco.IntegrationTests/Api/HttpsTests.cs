using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using HomeTelco.IntegrationTests.Infrastructure;

namespace HomeTelco.IntegrationTests.Api;

public class HttpsTests
{
    [Fact]
    public async Task Https_FirstRunMakesPrivateCertificateThatSurvivesRestart()
    {
        using var folder = new TempFolder();
        var port = BoxProcess.FreePort().ToString(CultureInfo.InvariantCulture);
        string firstThumbprint;
        await using (var box = await BoxProcess.StartAsync(folder.Path, ["--https-port", port, "--name", "attic"]))
        {
            box.KeepDataOnDispose = true;
            var certificate = await PresentedCertificateAsync(port, box);
            firstThumbprint = certificate.Thumbprint;
            var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames().ToList();
            Assert.Contains("attic.local", names);
            Assert.Contains("localhost", names);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder.Path, "tls", "box.pfx")));
        }

        // A fresh port for the second run: the first may be taken by a parallel test the moment it is freed.
        var secondPort = BoxProcess.FreePort().ToString(CultureInfo.InvariantCulture);
        await using var restarted = await BoxProcess.StartAsync(folder.Path, ["--https-port", secondPort, "--name", "attic"]);
        restarted.KeepDataOnDispose = true;

        Assert.Equal(firstThumbprint, (await PresentedCertificateAsync(secondPort, restarted)).Thumbprint);
    }

    private static async Task<X509Certificate2> PresentedCertificateAsync(string port, BoxProcess box)
    {
        X509Certificate2? seen = null;
        using var handler = new HttpClientHandler
        {
            // The box's certificate is self-signed until ACME replaces it; the test checks what it presents.
            ServerCertificateCustomValidationCallback = (_, cert, _, _) =>
            {
                seen = cert is null ? null : X509CertificateLoader.LoadCertificate(cert.RawData);
                return true;
            },
        };
        using var client = new HttpClient(handler);
        HttpResponseMessage response;
        try
        {
            response = await client.GetAsync($"https://127.0.0.1:{port}/healthz");
        }
        catch (HttpRequestException ex)
        {
            // Seen once under a full parallel run and not reproduced since: keep the box's own account of it.
            throw new InvalidOperationException($"HTTPS on port {port} failed: {ex.Message}\n--- box output\n{box.Output}", ex);
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return seen ?? throw new InvalidOperationException("no certificate presented");
    }
}
