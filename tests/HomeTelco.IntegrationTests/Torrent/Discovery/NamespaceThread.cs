using System.Runtime.InteropServices;

namespace HomeTelco.IntegrationTests.Torrent.Discovery;

/// <summary>
/// Runs code on a fresh thread moved into another network namespace with setns(2). Sockets made there stay in that
/// namespace after the thread ends, so an in-process component can talk to programs started in the namespace with
/// nsenter, where nothing reaches a real network.
/// </summary>
internal static partial class NamespaceThread
{
    private const int CloneNewNet = 0x40000000;

    public static T Run<T>(int holderProcessId, Func<T> inside)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var target = File.OpenHandle($"/proc/{holderProcessId}/ns/net");
                if (SetNs((int)target.DangerousGetHandle(), CloneNewNet) != 0)
                {
                    throw new InvalidOperationException($"setns failed with errno {Marshal.GetLastPInvokeError()} (needs root)");
                }

                result = inside();
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException or System.Net.Sockets.SocketException)
            {
                failure = ex;
            }
        });
        thread.Start();
        if (!thread.Join(TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException("the namespace thread did not finish within 30 s");
        }

        return failure is null ? result : throw new InvalidOperationException("running inside the namespace failed", failure);
    }

    // The thread never returns to the pool (it ends after the call), so its namespace change goes with it.
    [DllImport("libc", EntryPoint = "setns", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetNs(int fd, int nsType);
}
