using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using HomeTelco.IntegrationTests.Infrastructure;

namespace HomeTelco.IntegrationTests.Sip;

/// <summary>SIP over TLS on the real box, presenting the certificate it keeps in its data folder, to real TLS clients.</summary>
public class SipTlsTests
{
    [Fact]
    public async Task Options_FromSipsakOverTls12_Answered200()
    {
        var (sipPort, tlsPort) = (BoxProcess.FreePort(), BoxProcess.FreePort());
        await using var box = await StartAsync(sipPort, tlsPort);
        using var folder = new TempFolder();
        // Debian's sipsak 0.9.8.1 (GnuTLS 3.7.9) sends its request over TLS 1.3 and then reports "nothing received"
        // although the answer was sent (openssl reads it fine on 1.3), so it is held to TLS 1.2 through GnuTLS's own
        // override file. Its host name check compares the certificate with "address:port", which no certificate
        // names, hence the ignore flag; the openssl test below checks the certificate properly.
        var priorities = folder.File("gnutls.cfg");
        await File.WriteAllTextAsync(priorities, "[overrides]\ndisabled-version = tls1.3\n");

        var (exit, output) = await RunAsync("sipsak", null, new Dictionary<string, string> { ["GNUTLS_SYSTEM_PRIORITY_FILE"] = priorities }, TimeSpan.FromSeconds(30), ["-E", "tls", "--tls-ignore-cert-failure", "-vvv", "-s", $"sip:127.0.0.1:{tlsPort}"]);

        Assert.True(exit == 0, output + box.Output);
        Assert.Contains("SIP/2.0 200 OK", output, StringComparison.Ordinal);
        Assert.Contains("Protocol: TLS1.2", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Options_FromOpensslOverTls13_CertificateVerifiesAsTheBoxsOwnForLoopback()
    {
        var (sipPort, tlsPort) = (BoxProcess.FreePort(), BoxProcess.FreePort());
        await using var box = await StartAsync(sipPort, tlsPort);
        using var folder = new TempFolder();
        using var certificate = X509CertificateLoader.LoadPkcs12FromFile(Path.Combine(box.DataDir, "tls", "box.pfx"), password: null);
        var trusted = folder.File("box.pem");
        await File.WriteAllTextAsync(trusted, certificate.ExportCertificatePem());
        var request =
            $"OPTIONS sip:127.0.0.1:{tlsPort} SIP/2.0\r\n" +
            "Via: SIP/2.0/TLS 127.0.0.1:5999;branch=z9hG4bK-ossl-1;rport\r\n" +
            "Max-Forwards: 70\r\n" +
            "From: <sip:tester@example.invalid>;tag=t1\r\n" +
            $"To: <sip:probe@127.0.0.1:{tlsPort}>\r\n" +
            "Call-ID: ossl-1@test\r\n" +
            "CSeq: 1 OPTIONS\r\n" +
            "Content-Length: 0\r\n\r\n";

        // -verify_return_error fails the handshake unless the chain ends at the box's certificate and it names 127.0.0.1.
        var (_, output) = await RunAsync("openssl", request, new Dictionary<string, string>(), TimeSpan.FromSeconds(20), ["s_client", "-connect", $"127.0.0.1:{tlsPort}", "-tls1_3", "-CAfile", trusted, "-verify_ip", "127.0.0.1", "-verify_return_error", "-ign_eof", "-quiet"], until: "Supported:");

        Assert.Contains("SIP/2.0 200 OK", output, StringComparison.Ordinal);
        Assert.Contains(";received=127.0.0.1", output, StringComparison.Ordinal);
        Assert.DoesNotContain("verify error", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TlsPortTaken_TlsOffWithTheReason_UdpAndTcpStillAnswer()
    {
        var (sipPort, tlsPort) = (BoxProcess.FreePort(), BoxProcess.FreePort());
        using var squatter = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, tlsPort);
        squatter.Start();

        await using var box = await StartAsync(sipPort, tlsPort);
        var (exit, output) = await RunAsync("sipsak", null, [], TimeSpan.FromSeconds(30), ["-E", "tcp", "-s", $"sip:127.0.0.1:{sipPort}"]);

        Assert.True(exit == 0, output + box.Output);
        Assert.Contains($"SIP over TLS is off: cannot listen on port {tlsPort}", box.Output, StringComparison.Ordinal);
    }

    private static Task<BoxProcess> StartAsync(int sipPort, int tlsPort) =>
        BoxProcess.StartAsync(null, ["--sip-port", sipPort.ToString(CultureInfo.InvariantCulture), "--sips-port", tlsPort.ToString(CultureInfo.InvariantCulture)]);

    /// <summary>Runs a tool to its end, or, with <paramref name="until"/>, until that text appears in its output (then kills it).</summary>
    private static async Task<(int Exit, string Output)> RunAsync(string program, string? stdin, Dictionary<string, string> environment, TimeSpan limit, string[] args, string? until = null)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} is missing: bash .ci/run installs it");
        var output = new StringBuilder();
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
                if (until is not null && line.Contains(until, StringComparison.Ordinal))
                {
                    seen.TrySetResult();
                }
            }
        }

        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            await process.StandardInput.FlushAsync();
        }

        using var deadline = new CancellationTokenSource(limit);
        try
        {
            await (until is null ? process.WaitForExitAsync(deadline.Token) : seen.Task.WaitAsync(deadline.Token));
        }
        catch (OperationCanceledException)
        {
            // Reported through the output below.
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync(CancellationToken.None);
        }

        lock (output)
        {
            return (process.HasExited ? process.ExitCode : -1, output.ToString());
        }
    }
}
