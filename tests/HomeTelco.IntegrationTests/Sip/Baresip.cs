using System.Diagnostics;
using System.Globalization;
using HomeTelco.IntegrationTests.Infrastructure;

namespace HomeTelco.IntegrationTests.Sip;

/// <summary>
/// One real baresip softphone in the test's <see cref="NetNamespace"/>, set up as /work/shared/TESTING.md describes:
/// a sine tone as microphone, a bridge as speaker, PCMU only. It is driven through its stdin (the stdio UI:
/// <c>/dial</c>, <c>/accept</c>, <c>/hangup</c>) and watched through its log.
/// </summary>
internal sealed class Baresip : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TempFolder _folder;

    private Baresip(string name, Process process, TempFolder folder)
    {
        Name = name;
        _process = process;
        _folder = folder;
        Output = new ProcessOutput(process);
    }

    public string Name { get; }

    public ProcessOutput Output { get; }

    /// <param name="ns">The namespace to run in.</param>
    /// <param name="name">A name for failure messages and the audio bridge.</param>
    /// <param name="number">The extension to register as.</param>
    /// <param name="password">Its SIP password.</param>
    /// <param name="boxPort">The box's SIP port on <see cref="NetNamespace.Address"/>.</param>
    /// <param name="transport">udp or tcp.</param>
    /// <param name="autoAnswer">Pick up incoming calls at once; otherwise ring until <see cref="Accept"/>.</param>
    public static async Task<Baresip> StartAsync(NetNamespace ns, string name, string number, string password, int boxPort, string transport, bool autoAnswer)
    {
        var folder = new TempFolder();
        var listen = BoxProcess.FreePort();
        await File.WriteAllTextAsync(folder.File("config"), string.Join('\n',
            "module_path /usr/lib/baresip/modules",
            "module stdio.so",
            "module g711.so",
            "module ausine.so",
            "module aubridge.so",
            "module_app account.so",
            "module_app menu.so",
            $"sip_listen {NetNamespace.Address}:{listen.ToString(CultureInfo.InvariantCulture)}",
            $"net_interface {NetNamespace.Interface}",
            "audio_source ausine,440",
            $"audio_player aubridge,{name}",
            "ausrc_srate 48000",
            "auplay_srate 48000",
            "ausrc_channels 2",
            "auplay_channels 2",
            ""));
        var answer = autoAnswer ? "auto" : "manual";
        await File.WriteAllTextAsync(
            folder.File("accounts"),
            $"<sip:{number}@{NetNamespace.Address}:{boxPort.ToString(CultureInfo.InvariantCulture)};transport={transport}>;auth_pass={password};answermode={answer};audio_codecs=PCMU\n");
        await File.WriteAllTextAsync(folder.File("contacts"), "");

        Process process;
        try
        {
            process = ns.Start("baresip", ["-s", "-f", folder.Path]);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            folder.Dispose();
            throw new InvalidOperationException("baresip is missing: bash .ci/run installs it", ex);
        }

        var phone = new Baresip(name, process, folder);
        try
        {
            await phone.Output.WaitForAsync("200 OK", TimeSpan.FromSeconds(20), name + " (registering)");
        }
        catch
        {
            await phone.DisposeAsync();
            throw;
        }

        return phone;
    }

    public void Dial(string uri) => Command("/dial " + uri);

    public void Accept() => Command("/accept");

    public void HangUp() => Command("/hangup");

    public async ValueTask DisposeAsync()
    {
        await ProcessStop.KillAndDisposeAsync(_process);
        _folder.Dispose();
    }

    private void Command(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }
}
