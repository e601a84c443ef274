using HomeTelco.Core.Security;
using HomeTelco.Core.Store;

namespace HomeTelco.Host.Composition;

/// <summary>
/// Work that must happen before the box takes requests: open the store (so a damaged or newer store
/// stops start-up with its message) and open or close first-run setup.
/// </summary>
internal sealed class BoxStartup(HomeStore store, FirstRunSetup setup) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = store.SchemaVersion;
        setup.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        store.Checkpoint();
        return Task.CompletedTask;
    }
}
