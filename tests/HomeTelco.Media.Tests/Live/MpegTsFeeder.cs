using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace HomeTelco.Media.Tests.Live;

/// <summary>
/// A simulated live channel: ffmpeg generating testsrc + sine in real time as H.264/AAC MPEG-TS, sent to a
/// loopback UDP port or served by ffmpeg's own HTTP server (-listen 1). Killed and reaped on dispose.
/// </summary>
internal sealed class MpegTsFeeder : IAsyncDisposable
{
    private readonly Process _process;

    private MpegTsFeeder(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    /// <summary>The URL a channel opens to receive this feed.</summary>
    public string Url { get; }

    public static MpegTsFeeder Udp() => Start(FreeUdpPort(), (port) => $"udp://127.0.0.1:{port}?pkt_size=1316", (port) => $"udp://127.0.0.1:{port}", []);

    /// <summary>ffmpeg as an HTTP server: it serves one client the stream, like an IPTV box's HTTP output.</summary>
    public static MpegTsFeeder Http() => Start(FreeTcpPort(), (port) => $"http://127.0.0.1:{port}/live.ts", (port) => $"http://127.0.0.1:{port}/live.ts", ["-listen", "1"]);

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private static MpegTsFeeder Start(int port, Func<int, string> output, Func<int, string> url, string[] outputOptions)
    {
        var info = new ProcessStartInfo("ffmpeg") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in (string[])[
            "-nostdin", "-v", "error", "-re", "-f", "lavfi", "-i", "testsrc=size=640x360:rate=25", "-f", "lavfi", "-i", "sine=frequency=440",
            "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-g", "25", "-pix_fmt", "yuv420p", "-c:a", "aac",
            "-f", "mpegts", .. outputOptions, output(port)])
        {
            info.ArgumentList.Add(a);
        }

        var process = Process.Start(info)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        return new MpegTsFeeder(process, url(port));
    }

    private static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private static int FreeTcpPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
