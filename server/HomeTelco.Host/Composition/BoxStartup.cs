using HomeTelco.Core.Profiles;
using HomeTelco.Core.Security;
using HomeTelco.Core.Store;
using HomeTelco.Host.Configuration;

namespace HomeTelco.Host.Composition;

/// <summary>
/// Work that must happen before the box takes requests: open the store (so a damaged or newer store
/// stops start-up with its message), choose the hardware profile and apply its memory budget before
/// the heap grows, and open or close first-run setup.
/// </summary>
internal sealed class BoxStartup(HomeStore store, FirstRunSetup setup, ProfileService profiles, BoxOptions options, ILogger<BoxStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = store.SchemaVersion;
        var choice = profiles.Active;
        if (options.ApplyMemoryBudget)
        {
            MemoryBudget.Apply(choice.Profile);
        }

        Log.ProfileChosen(logger, choice.Profile.Name, choice.Reason, MemoryBudget.CurrentLimitBytes() / (1024 * 1024));
        setup.Start();
        return Task.CompletedTask;
    }

    // Nothing to do at stop: disposing the store (the container does it last) checkpoints LiteDB's log.
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
